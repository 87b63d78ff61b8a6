// Small pure helpers: ID and number validation, and how Huawei's error answers are read.
'use strict';
const { checkPathSegment, checkInteger, checkHeaderValue } = require('../../dist/core/validation');
const { describeFailure, failureMessage, hint } = require('../../dist/core/errors');
const { checkBaseUrl } = require('../../dist/core/endpoints');

describe('checkPathSegment', () => {
	test.each([
		['  ac-1  ', { value: 'ac-1' }],
		['ac:é+中', { value: 'ac:é+中' }],
		[42, { value: '42' }],
		['', { error: 'ID is empty', problem: 'empty' }],
		['  ', { error: 'ID is empty', problem: 'empty' }],
		[undefined, { error: 'ID is empty', problem: 'empty' }],
		[null, { error: 'ID is empty', problem: 'empty' }],
		['a/b', { error: 'ID contains "/", which is not allowed in an ID', problem: 'form' }],
		['a b', { error: 'ID contains a space, which is not allowed in an ID', problem: 'form' }],
		[
			'a\tb',
			{
				error: 'ID contains a control character (U+0009), which is not allowed in an ID',
				problem: 'form',
			},
		],
		['..', { error: 'ID cannot be ".."', problem: 'form' }],
		['x'.repeat(257), { error: 'ID is too long (257 characters, at most 256)', problem: 'length' }],
		[{}, { error: 'ID must be text, but got an object', problem: 'type' }],
		[[1], { error: 'ID must be text, but got a list', problem: 'type' }],
		[true, { error: 'ID must be text, but got a boolean', problem: 'type' }],
	])('%j → %j', (input, expected) => {
		expect(checkPathSegment(input, 'ID')).toEqual(expected);
	});
});

test('checkInteger accepts whole numbers and numeric text within range only', () => {
	expect(checkInteger('12', 'N', 0, 20)).toEqual({ value: 12 });
	expect(checkInteger(0, 'N', 0, 20)).toEqual({ value: 0 });
	expect(checkInteger(21, 'N', 0, 20)).toEqual({ error: 'N must be from 0 to 20, but got 21' });
	expect(checkInteger('', 'N', 0, 20)).toEqual({
		error: 'N must be a whole number from 0 to 20, but got ""',
	});
	expect(checkInteger(NaN, 'N', 0, 20).error).toMatch(/whole number/);
});

test('checkHeaderValue allows printable ASCII only', () => {
	expect(checkHeaderValue(' user-1 ', 'H')).toEqual({ value: 'user-1' });
	expect(checkHeaderValue(undefined, 'H')).toEqual({ value: '' });
	expect(checkHeaderValue('a\r\nb', 'H').error).toMatch(/control character \(U\+000D\)/);
	expect(checkHeaderValue('名', 'H').error).toMatch(/non-ASCII/);
});

test('checkBaseUrl: https, or http to loopback only', () => {
	expect(checkBaseUrl('https://metastudio.cn-north-4.myhuaweicloud.com/', 'Endpoint')).toBe(
		'https://metastudio.cn-north-4.myhuaweicloud.com',
	);
	expect(checkBaseUrl('http://127.0.0.1:8787', 'Endpoint')).toBe('http://127.0.0.1:8787');
	expect(checkBaseUrl('http://localhost:8787/x/', 'Endpoint')).toBe('http://localhost:8787/x');
	expect(checkBaseUrl('http://[::1]:8787', 'Endpoint')).toBe('http://[::1]:8787');
	expect(() => checkBaseUrl('http://192.168.1.2', 'Endpoint')).toThrow(
		/^Endpoint must start with https:\/\//,
	);
});

describe('reading Huawei error answers', () => {
	test('MetaStudio shape, request ID from the header', () => {
		const f = describeFailure(
			400,
			{ error_code: 'MSS.00000003', error_msg: 'Invalid parameter' },
			{ 'x-request-id': 'abc123' },
		);
		expect(f).toEqual({
			httpCode: 400,
			errorCode: 'MSS.00000003',
			errorMsg: 'Invalid parameter',
			requestId: 'abc123',
		});
		expect(failureMessage(f)).toBe('MSS.00000003: Invalid parameter (request ID abc123)');
		expect(hint(f)).toBe('Check the node’s parameters.');
	});

	test('gateway shape as a JSON string, request ID from the body', () => {
		const body = JSON.stringify({
			error_code: 'APIG.0301',
			error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
			request_id: 'r-1',
		});
		const f = describeFailure(401, body, {});
		expect(failureMessage(f)).toBe(
			'APIG.0301: Incorrect IAM authentication information: verify aksk signature fail (request ID r-1)',
		);
		expect(hint(f)).toMatch(/Access Key ID, Secret Access Key/);
	});

	test('nested {error: {code, message}} shape, and a body that is not JSON', () => {
		expect(
			failureMessage(describeFailure(500, { error: { code: 'X.1', message: 'boom' } }, {})),
		).toBe('X.1: boom');
		expect(failureMessage(describeFailure(502, '<html>Bad Gateway</html>', {}))).toBe(
			'<html>Bad Gateway</html>',
		);
		expect(failureMessage(describeFailure(503, '', {}))).toBe('HTTP 503');
	});

	test('hints: clock skew, token, project, throttling', () => {
		expect(
			hint({
				httpCode: 401,
				errorMsg: 'verify aksk signature fail, X-Sdk-Date 20200101T000000Z is out of range',
			}),
		).toMatch(/fix the clock/);
		expect(
			hint({ httpCode: 401, errorMsg: 'Incorrect IAM authentication information: token expires' }),
		).toMatch(/token is wrong or has expired/);
		expect(hint({ httpCode: 400, errorCode: 'MSS.00010009' })).toMatch(/Project ID/);
		expect(hint({ httpCode: 429, errorCode: 'APIGW.0308' })).toMatch(/throttling/);
	});
});
