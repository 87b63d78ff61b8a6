// 1,000 resets per HTTP fault status the gateway or MetaStudio can answer (see volume.js). 429 is not
// among them: Huawei's gateway throttles by rate, not at random, and the node paces itself by the
// 429s it gets, so 1,000 resets against a gateway enforcing a rate are in rates.test.js.
'use strict';
const { describeVolume } = require('./volume');

describeVolume([
	['500', 0.1],
	['502', 0.2],
	['503', 0.3],
	['504', 0.2],
]);
