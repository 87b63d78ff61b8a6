import type { ResourceModule } from './common';
import type { Resource } from './node.type';
import * as activationCode from './activationCode';
import * as application from './application';
import * as asset from './asset';
import * as smartChatJob from './smartChatJob';
import * as smartChatRoom from './smartChatRoom';
import * as speech from './speech';
import * as video from './video';

/** The node's resources: adding one is adding its folder here and its operations to node.type.ts. */
export const resources: { [R in Resource]: ResourceModule<R> } = {
	activationCode,
	application,
	smartChatRoom,
	smartChatJob,
	video,
	speech,
	asset,
};
