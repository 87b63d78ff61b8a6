import type { AllEntities } from 'n8n-workflow';

/** Every resource of the node and its operations: a resource folder under actions/ must implement exactly these. */
type NodeMap = {
	activationCode: 'create' | 'delete' | 'get' | 'getAll' | 'reset' | 'update';
	application: 'create' | 'delete' | 'get' | 'getAll' | 'update';
	asset: 'download' | 'get' | 'getAll';
	smartChatJob: 'get' | 'getAll' | 'stop';
	smartChatRoom: 'create' | 'createDialogUrl' | 'delete' | 'get' | 'getAll' | 'update';
	speech: 'create' | 'get' | 'getAll';
	video: 'cancel' | 'create' | 'download' | 'get' | 'getAll';
};

export type MetaStudioType = AllEntities<NodeMap>;

export type Resource = MetaStudioType['resource'];

export type OperationOf<R extends Resource> = Extract<MetaStudioType, { resource: R }>['operation'];
