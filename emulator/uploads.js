'use strict';
// Uploads into digital assets (CreateDigitalAsset, CreateFile, the PUT to the upload URL,
// ConfirmFileUpload): what a file to be uploaded is, the checks of FilesCreateReq beyond its types,
// and when an asset made by CreateDigitalAsset becomes usable. Field names and rules:
// huaweicloud-sdk-go-v3 services/metastudio/v1/model/model_files_create_req.go and
// model_create_file_response.go (the upload is OBS's "PUT upload" with Content-MD5 and Content-Type).
const crypto = require('node:crypto');

const rules = require('../core/file-rules.json');

/** The largest file CreateFile takes (its doc: "最大支持5GB"). */
const MAX_FILE_SIZE = rules.maxFileBytes;

// The categories a file can have in an asset, and (the SDK's doc) which ones each asset type has.
// TEMPORARY (a replacement being uploaded) and PACKAGE (a packed asset) belong to no one type.
const FILE_CATEGORIES = rules.categories;
const CATEGORIES_OF_TYPE = rules.categoriesOfType;
// An asset has one MAIN file and one COVER at most: Huawei's error codes for a second one.
const ONE_PER_ASSET = {
	MAIN: ['MSS.10001008', 'Asset main file already exists'],
	COVER: ['MSS.10001009', 'Asset cover file already exists'],
};

// The Content-Type the PUT must carry, by file_type (CreateFileResponse's doc); anything else is
// application/octet-stream.
const uploadContentType = (fileType) =>
	rules.uploadContentTypes[String(fileType).toLowerCase()] ?? 'application/octet-stream';

/** Whether a text is the Base64 of a 16-byte MD5 (RFC 1864's Content-MD5: 24 characters). */
function isBase64Md5(text) {
	return (
		typeof text === 'string' &&
		/^[A-Za-z0-9+/]{22}==$/.test(text) &&
		Buffer.from(text, 'base64').length === 16
	);
}

/**
 * The first problem of a FilesCreateReq (its types checked already) beyond the SDK's types, as
 * `field: why`, or null. The asset it names is looked up by the route.
 */
function fileRequestProblem(req) {
	const length = (field, min, max) =>
		req[field].length < min || req[field].length > max
			? `${field}: ${min}-${max} characters`
			: null;
	const problem =
		length('file_name', 1, 256) ??
		(isBase64Md5(req.file_md5)
			? null
			: 'file_md5: not the Base64 of a 16-byte MD5 (24 characters, RFC 1864)') ??
		(req.file_size > 0 && req.file_size <= MAX_FILE_SIZE
			? null
			: `file_size: a number of bytes from 1 to ${MAX_FILE_SIZE} (5 GB)`) ??
		length('file_type', 1, 64) ??
		length('asset_id', 1, 64) ??
		(FILE_CATEGORIES.includes(req.asset_file_category)
			? null
			: `asset_file_category: not one of ${FILE_CATEGORIES.join(', ')}`);
	return problem;
}

/** Why a category does not fit an asset of this type (the SDK's doc), or null. */
function categoryProblem(assetType, category) {
	const allowed = CATEGORIES_OF_TYPE[assetType];
	if (!allowed || allowed.includes(category) || ['TEMPORARY', 'PACKAGE'].includes(category))
		return null;
	return `asset_file_category: a ${assetType} asset has ${allowed.join(', ')} files, not ${category}`;
}

/**
 * A file waiting for its bytes (the emulator's shape): what CreateFile declared, the upload URL's
 * expiry, and `stored` once a PUT delivered bytes that match ({ path, size, md5Hex }).
 */
function newUpload(req, nowMs) {
	return {
		file_id: crypto.randomUUID(),
		asset_id: req.asset_id,
		file_name: req.file_name,
		file_md5: req.file_md5,
		file_size: req.file_size,
		file_type: req.file_type,
		asset_file_category: req.asset_file_category,
		contentType: uploadContentType(req.file_type),
		createMs: nowMs,
		stored: null,
	};
}

/** The file record an asset gets when an upload is confirmed CREATED (see assets.fileInfo). */
function confirmedFile(upload) {
	return {
		file_id: upload.file_id,
		file_name: upload.file_name,
		category: upload.asset_file_category,
		file_type: upload.file_type,
		contentType: upload.contentType,
		size: upload.stored.size,
		md5: upload.file_md5,
		path: upload.stored.path,
	};
}

/**
 * Whether an asset made by CreateDigitalAsset is ready: it has a file, and every file created for it
 * was confirmed (none is waiting). Only a CREATING asset changes: one in use stays as it is.
 */
function settleCreating(asset, waiting, nowMs) {
	if (asset.asset_state !== 'CREATING' || waiting > 0 || asset.files.length === 0) return;
	asset.asset_state = 'ACTIVED';
	asset.updateMs = nowMs;
}

module.exports = {
	MAX_FILE_SIZE,
	FILE_CATEGORIES,
	ONE_PER_ASSET,
	uploadContentType,
	isBase64Md5,
	fileRequestProblem,
	categoryProblem,
	newUpload,
	confirmedFile,
	settleCreating,
};
