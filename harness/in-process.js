// Runs workflow JSON through n8n-core's real WorkflowExecute, with the package loaded by n8n's own
// PackageDirectoryLoader from dist/ (as n8n loads a community package), and a credentials helper
// that behaves like n8n's: function-style authenticate, preAuthentication with the expirable field.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// n8n-core's InstanceSettings writes its config into the user folder: keep it out of $HOME
// (a throw-away folder, removed by shutdown()).
const ownUserFolder = process.env.N8N_USER_FOLDER
	? undefined
	: fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-harness-'));
if (ownUserFolder) process.env.N8N_USER_FOLDER = ownUserFolder;

// n8n-core's own copies (it may carry newer ones than the top level has): its DI container and Logger.
const fromCore = (name) =>
	require(require.resolve(name, { paths: [path.dirname(require.resolve('n8n-core'))] }));
const { Container } = fromCore('@n8n/di');
const { Logger } = fromCore('@n8n/backend-common');
const {
	WorkflowExecute,
	ExecutionLifecycleHooks,
	PackageDirectoryLoader,
	LoadOptionsContext,
	ExecuteContext,
	PollContext,
	RoutingNode,
	WebhookContext,
} = require('n8n-core');
const {
	Workflow,
	ICredentialsHelper,
	NodeHelpers,
	LoggerProxy,
	createEmptyRunExecutionData,
} = require('n8n-workflow');

/**
 * Everything n8n and the node log during the tests, to check that no secret is ever logged. Kept
 * here, not printed: n8n logs every node error it reports (the expected errors of the bad-input
 * cases), which would bury jest's report of what failed. METASTUDIO_TEST_LOGS=1 prints them too.
 */
const logs = [];
const printLogs = process.env.METASTUDIO_TEST_LOGS === '1';
const capture = (level) => (message, meta) => {
	logs.push({ level, message, meta });
	if (printLogs) process.stderr.write(`[n8n ${level}] ${message}\n`);
};
const captureLogger = {
	error: capture('error'),
	warn: capture('warn'),
	info: capture('info'),
	debug: capture('debug'),
	scoped() {
		return captureLogger;
	},
};
// n8n-core's own Logger (what nodes' this.logger and its ErrorReporter write to) is the capture as
// well: set before n8n-core creates the winston one, which would print to the console.
Container.set(Logger, captureLogger);
/**
 * What nodes sent to the editor in manual runs (sendMessageToUI, which n8n's editor prints in the
 * browser's console): `{ source, messages }` each, as n8n pushes them.
 */
const uiMessages = [];

/** Anything that started n8n's own Logger points LoggerProxy at it: point it back before each run. */
function captureLogs() {
	LoggerProxy.init(captureLogger);
}

const ROOT = path.resolve(__dirname, '..');
const PACKAGE = 'n8n-nodes-metastudio';

class ManualTrigger {
	description = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: '',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};
	async trigger() {
		return { manualTriggerFunction: async () => this.emit([[{ json: {} }]]) };
	}
}

/**
 * Emits the items given in its "items" parameter (a JSON array): the workflow's input data. An
 * item's `$binary` ({ field: { base64, fileName, mimeType } }) becomes its binary data, stored by
 * n8n's own prepareBinaryData (in the mode n8n-core runs in).
 */
class Items {
	description = {
		displayName: 'Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: '',
		defaults: { name: 'Items' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};
	async execute() {
		const raw = this.getNodeParameter('items', 0);
		const list = typeof raw === 'string' ? JSON.parse(raw) : raw;
		const out = [];
		for (const { $binary, ...json } of list) {
			const item = { json, pairedItem: { item: 0 } };
			if ($binary) {
				item.binary = {};
				for (const [field, file] of Object.entries($binary))
					item.binary[field] = await this.helpers.prepareBinaryData(
						Buffer.from(file.base64, 'base64'),
						file.fileName,
						file.mimeType,
					);
			}
			out.push(item);
		}
		return [out];
	}
}

/** What every run, picker call and credential test needs in n8n's additionalData (no URLs: nothing here serves). */
function additionalDataBase() {
	return {
		executionId: '1',
		variables: {},
		restApiUrl: '',
		instanceBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
		formWaitingBaseUrl: '',
	};
}

let loaded;
async function loadPackage() {
	if (loaded) return loaded;
	const loader = new PackageDirectoryLoader(ROOT);
	await loader.loadAll();
	const nodes = {};
	const credentials = {};
	for (const [name, { type }] of Object.entries(loader.nodeTypes))
		nodes[`${loader.packageName}.${name}`] = type;
	for (const [name, { type }] of Object.entries(loader.credentialTypes)) credentials[name] = type;
	loaded = { nodes, credentials };
	return loaded;
}

class NodeTypes {
	constructor(nodes) {
		this.nodes = {
			'n8n-nodes-base.manualTrigger': new ManualTrigger(),
			'test.items': new Items(),
			...nodes,
		};
	}
	getByName(type) {
		return this.nodes[type];
	}
	getByNameAndVersion(type, version) {
		const node = this.nodes[type];
		if (!node) throw new Error(`Unrecognized node type: ${type}`);
		return NodeHelpers.getVersionedNodeType(node, version);
	}
	getKnownTypes() {
		return {};
	}
}

/** n8n's Workflow for workflow JSON, with the package's nodes (and the stand-in nodes above). */
function testWorkflow(workflowJson, nodes, { active = false, staticData } = {}) {
	return new Workflow({
		id: 'test',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections ?? {},
		active,
		nodeTypes: new NodeTypes(nodes),
		settings: workflowJson.settings,
		staticData,
	});
}

class CredentialsHelper extends ICredentialsHelper {
	constructor(types, store) {
		super();
		this.types = types;
		this.store = store; // { [credentialType]: data }, updated like n8n persists refreshed tokens
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(credentials, typeName, requestOptions) {
		const type = this.types[typeName];
		return typeof type?.authenticate === 'function'
			? await type.authenticate(credentials, requestOptions)
			: requestOptions;
	}
	async preAuthentication(helpers, credentials, typeName, _node, credentialsExpired) {
		const type = this.types[typeName];
		const expirable = type?.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (
			credentials[expirable.name] !== '' &&
			credentials[expirable.name] !== undefined &&
			!credentialsExpired
		)
			return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		Object.assign(this.store[typeName], output);
		return Object.assign(credentials, output);
	}
	async runPreAuthentication(helpers, credentials, typeName) {
		return await this.types[typeName].preAuthentication?.call(helpers, credentials);
	}
	getCredentialsProperties(type) {
		return this.types[type]?.properties ?? [];
	}
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		return { ...(this.store[type] ?? {}) };
	}
	async getCredentials() {
		throw new Error('not used');
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
}

/** An execution's data: its results so far and the node to run next. */
function executionData(resultData, next) {
	return {
		resultData,
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [next],
		},
	};
}

/**
 * Runs a workflow. `credentials` maps credential type → plain data. Returns the run, an `out(name)`
 * helper (items of a node's first output; `out(name, 1)` the second) and the credentials as the run
 * left them (`store`, with refreshed tokens).
 */
async function runWorkflow(workflowJson, { credentials = {}, waitingBaseUrl = '' } = {}) {
	const { nodes, credentials: types } = await loadPackage();
	captureLogs();
	const store = JSON.parse(JSON.stringify(credentials));
	const credentialsHelper = new CredentialsHelper(types, store);
	const workflow = testWorkflow(workflowJson, nodes);
	const hooks = new ExecutionLifecycleHooks('manual', '1', workflowJson);
	const done = new Promise((resolve) =>
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)),
	);
	const additionalData = {
		hooks,
		credentialsHelper,
		...additionalDataBase(),
		webhookWaitingBaseUrl: waitingBaseUrl,
		userId: 'u1',
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not supported here');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		sendDataToUI: (type, data) => {
			if (type === 'sendConsoleMessage') uiMessages.push(data);
		},
		startRunnerTask: async () => {
			throw new Error('no task runner here');
		},
	};
	const runExecutionData = executionData(
		{ runData: {} },
		{ node: workflow.getStartNode(), data: { main: [[{ json: {} }]] }, source: null },
	);
	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(
		workflow,
	);
	const run = await done;
	const items = (name, output = 0) =>
		run.data.resultData.runData[name]?.[0]?.data?.main?.[output] ?? [];
	const out = (name, output = 0) => items(name, output).map((i) => i.json);
	return { run, out, items, error: run.data.resultData.error, store };
}

/**
 * A workflow: Manual Trigger → Items (the given JSON list) → MetaStudio with `parameters`.
 * `node` overrides node-level settings (onError, retryOnFail…).
 */
function metaStudioWorkflow(items, parameters, node = {}) {
	return {
		nodes: [
			{
				id: '1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '2',
				name: 'Items',
				type: 'test.items',
				typeVersion: 1,
				position: [200, 0],
				parameters: { items: JSON.stringify(items) },
			},
			{
				id: '3',
				name: 'MetaStudio',
				type: `${PACKAGE}.metaStudio`,
				typeVersion: 1,
				position: [400, 0],
				parameters,
				credentials: { metaStudioApi: { id: 'c1', name: 'MetaStudio' } },
				...node,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'MetaStudio', type: 'main', index: 0 }]] },
		},
	};
}

function shutdown() {
	if (ownUserFolder) fs.rmSync(ownUserFolder, { recursive: true, force: true });
	// n8n-core starts interval timers lazily; clear them so jest can exit.
	for (const mod of ['ssh-clients-manager', 'scheduled-task-manager']) {
		try {
			const exported = require(`n8n-core/dist/execution-engine/${mod}`);
			for (const Service of Object.values(exported)) {
				if (typeof Service === 'function' && Container.has(Service)) {
					const s = Container.get(Service);
					clearInterval(s.cleanupTimer);
					clearInterval(s.logInterval);
				}
			}
		} catch {
			// this n8n-core has no such module: nothing to clear
		}
	}
}

/**
 * One poll of the MetaStudio Trigger as n8n-core runs it: its `poll()` in a real PollContext, the
 * workflow's static data carried from the previous poll. `mode` is 'trigger' (an active workflow) or
 * 'manual' (the editor's Fetch Test Event). Returns the fired items (json) or null, the error it threw,
 * the static data to pass to the next poll (as n8n would save it), and the credentials as the poll
 * left them (refreshed IAM tokens).
 */
async function poll(
	parameters,
	{ credentials = {}, staticData = {}, mode = 'trigger', nodeName = 'MetaStudio Trigger' } = {},
) {
	const { nodes, credentials: types } = await loadPackage();
	captureLogs();
	const store = JSON.parse(JSON.stringify(credentials));
	const triggerJson = {
		nodes: [
			{
				id: 't1',
				name: nodeName,
				type: `${PACKAGE}.metaStudioTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters,
				credentials: { metaStudioApi: { id: 'c1', name: 'MetaStudio' } },
			},
		],
	};
	const workflow = testWorkflow(triggerJson, nodes, {
		active: mode !== 'manual',
		staticData: JSON.parse(JSON.stringify(staticData)),
	});
	const node = workflow.getNode(nodeName);
	const additionalData = {
		credentialsHelper: new CredentialsHelper(types, store),
		...additionalDataBase(),
	};
	const context = new PollContext(workflow, node, additionalData, mode, 'activate');
	let result = null;
	let error;
	try {
		result = await nodes[`${PACKAGE}.metaStudioTrigger`].poll.call(context);
	} catch (caught) {
		error = caught;
	}
	return {
		error,
		items: result === null ? null : result[0].map((i) => i.json),
		staticData: JSON.parse(JSON.stringify(workflow.staticData)),
		/** Whether the poll wrote to the static data (n8n saves the workflow's static data then). */
		staticDataChanged: workflow.staticData.__dataChanged === true,
		credentials: store,
	};
}

/**
 * Calls one of the node's listSearch methods (a picker) as n8n's editor does; `parameters` are the
 * node's current parameters the editor sends along (what getCurrentNodeParameter reads).
 */
async function listSearch(method, filter, { credentials = {}, parameters } = {}) {
	const { nodes, credentials: types } = await loadPackage();
	const workflowJson = metaStudioWorkflow([], {
		resource: 'activationCode',
		operation: 'create',
		robotId: { mode: 'list', value: '' },
	});
	const workflow = testWorkflow(workflowJson, nodes);
	const node = workflow.getNode('MetaStudio');
	const additionalData = {
		credentialsHelper: new CredentialsHelper(types, JSON.parse(JSON.stringify(credentials))),
		...additionalDataBase(),
		currentNodeParameters: parameters,
	};
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.robotId');
	return await nodes[`${PACKAGE}.metaStudio`].methods.listSearch[method].call(context, filter);
}

/**
 * The credential's Test button, as n8n 2.41's CredentialsTester runs it: the credential's `test.request`
 * as the routing of a temporary node, run by n8n-core's RoutingNode (so through `authenticate`), then
 * the response code mapped through the credential's `rules`. Returns { status, message }.
 */
async function testCredential(typeName, data) {
	const { credentials: types } = await loadPackage();
	captureLogs();
	const type = types[typeName];
	const tempType = {
		description: {
			displayName: 'Temp',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: typeName, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: type.test.request },
				},
			],
		},
	};
	const node = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'test.credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [typeName]: { id: 'c1', name: 'C' } },
	};
	const workflow = testWorkflow({ nodes: [node] }, { 'test.credentialTest': tempType });
	const helper = new CredentialsHelper(types, { [typeName]: data });
	const additionalData = {
		credentialsHelper: helper,
		...additionalDataBase(),
	};
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	try {
		const response = await new RoutingNode(context, tempType, {
			id: 'c1',
			name: 'C',
			type: typeName,
			data,
		}).runNode();
		for (const rule of type.test.rules ?? []) {
			if (
				rule.type === 'responseSuccessBody' &&
				response[0][0].json[rule.properties.key] === rule.properties.value
			) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection successful!' };
	} catch (error) {
		const status = error.cause?.response?.status;
		if (status) {
			const rule = (type.test.rules ?? []).find(
				(r) => r.type === 'responseCode' && r.properties.value === status,
			);
			return {
				status: 'Error',
				message: rule ? rule.properties.message : `Received HTTP status code: ${status}`,
				httpStatus: status,
			};
		}
		if (error.cause?.code) return { status: 'Error', message: error.cause.code };
		return { status: 'Error', message: error.message };
	}
}

/**
 * A call to the restart webhook of a paused execution, as n8n's waiting-webhook server makes it: the
 * node's `webhook()` in a real WebhookContext, with the execution's custom data (`metadata`) and the
 * paused node first on its stack. Returns what webhook() answered and the HTTP answer it wrote
 * ({ status, body }), if any.
 */
async function callWaitingWebhook(
	workflowJson,
	{ credentials = {}, nodeName = 'MetaStudio', metadata = {}, body = {} } = {},
) {
	const { nodes, credentials: types } = await loadPackage();
	captureLogs();
	const workflow = testWorkflow(workflowJson, nodes);
	const node = workflow.getNode(nodeName);
	const response = {};
	const res = {
		status(code) {
			response.status = code;
			return res;
		},
		json(data) {
			response.body = data;
			return res;
		},
	};
	const additionalData = {
		credentialsHelper: new CredentialsHelper(types, JSON.parse(JSON.stringify(credentials))),
		...additionalDataBase(),
		httpRequest: { body, headers: {}, query: {}, params: {} },
		httpResponse: res,
	};
	// the paused node first on the stack, disabled by n8n before it calls the webhook
	const runExecutionData = executionData(
		{ runData: {}, metadata: { ...metadata }, lastNodeExecuted: nodeName },
		{ node: { ...node, disabled: true }, data: { main: [[]] }, source: null },
	);
	const webhookData = {
		httpMethod: 'POST',
		node: nodeName,
		path: '',
		webhookDescription: { name: 'default', restartWebhook: true },
		workflowId: 'test',
	};
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		'webhook',
		webhookData,
		[],
		runExecutionData,
	);
	const result = await workflow.nodeTypes
		.getByNameAndVersion(node.type, node.typeVersion)
		.webhook.call(context);
	return { result, response };
}

module.exports = {
	callWaitingWebhook,
	logs,
	uiMessages,
	testCredential,
	runWorkflow,
	listSearch,
	poll,
	metaStudioWorkflow,
	shutdown,
};
