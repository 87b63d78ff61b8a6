// 1,000 resets per network fault: connections dropped before or after execution, slow bodies (see volume.js).
'use strict';
const { describeVolume } = require('./volume');

describeVolume([
	['drop-before', 0.2],
	['drop-after', 0.2],
	['slow-body', 0.1],
]);
