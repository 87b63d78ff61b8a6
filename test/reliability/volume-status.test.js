// 1,000 resets per HTTP fault status the gateway or MetaStudio can answer (see volume.js).
'use strict';
const { describeVolume } = require('./volume');

describeVolume([
	['429', 0.3],
	['429-retry-after', 0.2],
	['500', 0.1],
	['502', 0.2],
	['503', 0.3],
	['504', 0.2],
]);
