'use strict';
// The media files the emulator's object-storage host serves, all made here in code (no recorded or
// copyrighted media): a real, tiny H.264 MP4 (the rendered digital-human videos), a small PNG
// (covers, images), a short WAV (voice samples, music, speech) and a short silent MP3 (speech), plus an
// MP4 of any size made of the tiny one and a `free` box of deterministic filler bytes, streamed without
// holding it in memory.
//
// The MP4: 64x64 pixels, 25 fps, 2 seconds (50 frames), H.264 Constrained Baseline. Every tenth frame
// is an IDR picture whose macroblocks are all I_PCM (raw samples, so no encoder is needed: a moving
// colour bar on a gradient, a new colour every 0.4 s), the frames between repeat it (P slices with
// every macroblock skipped). ISO BMFF boxes: ftyp, moov (one video track, avcC with the SPS and PPS),
// mdat. About 31 KB; ffmpeg 7 decodes it without a warning (checked by hand, see emulator/README.md).
const crypto = require('node:crypto');
const fs = require('node:fs');
const zlib = require('node:zlib');
const { Readable } = require('node:stream');

const WIDTH = 64;
const HEIGHT = 64;
const FPS = 25;
const FRAMES = 50;
const GOP = 10;
const MBS = (WIDTH / 16) * (HEIGHT / 16);

// ---- H.264 bitstream ----

class BitWriter {
	constructor() {
		this.bytes = [];
		this.cur = 0;
		this.n = 0;
	}
	bit(b) {
		this.cur = (this.cur << 1) | (b & 1);
		if (++this.n === 8) {
			this.bytes.push(this.cur);
			this.cur = 0;
			this.n = 0;
		}
	}
	bits(value, count) {
		for (let i = count - 1; i >= 0; i--) this.bit((value >>> i) & 1);
	}
	ue(value) {
		const v = value + 1;
		const len = 32 - Math.clz32(v);
		this.bits(0, len - 1);
		this.bits(v, len);
	}
	se(value) {
		this.ue(value <= 0 ? -2 * value : 2 * value - 1);
	}
	align() {
		while (this.n !== 0) this.bit(0);
	}
	byte(value) {
		this.bits(value, 8);
	}
	// rbsp_trailing_bits: a stop bit, then zeros to the byte boundary
	trailing() {
		this.bit(1);
		this.align();
		return Buffer.from(this.bytes);
	}
}

// A NAL unit: header byte, then the RBSP with emulation-prevention bytes (00 00 0x → 00 00 03 0x).
function nal(refIdc, type, rbsp) {
	const out = [(refIdc << 5) | type];
	let zeros = 0;
	for (const b of rbsp) {
		if (zeros >= 2 && b <= 3) {
			out.push(3);
			zeros = 0;
		}
		out.push(b);
		zeros = b === 0 ? zeros + 1 : 0;
	}
	return Buffer.from(out);
}

const PROFILE = 66; // Baseline
const CONSTRAINTS = 0xc0; // constraint_set0 and constraint_set1: Constrained Baseline
const LEVEL = 20; // level 2.0

function sps() {
	const w = new BitWriter();
	w.byte(PROFILE);
	w.byte(CONSTRAINTS);
	w.byte(LEVEL);
	w.ue(0); // seq_parameter_set_id
	w.ue(0); // log2_max_frame_num_minus4: frame_num has 4 bits
	w.ue(2); // pic_order_cnt_type 2: output order = decoding order
	w.ue(1); // max_num_ref_frames
	w.bit(0); // gaps_in_frame_num_value_allowed_flag
	w.ue(WIDTH / 16 - 1);
	w.ue(HEIGHT / 16 - 1);
	w.bit(1); // frame_mbs_only_flag
	w.bit(1); // direct_8x8_inference_flag
	w.bit(0); // frame_cropping_flag
	w.bit(0); // vui_parameters_present_flag
	return nal(3, 7, w.trailing());
}

function pps() {
	const w = new BitWriter();
	w.ue(0); // pic_parameter_set_id
	w.ue(0); // seq_parameter_set_id
	w.bit(0); // entropy_coding_mode_flag: CAVLC
	w.bit(0); // bottom_field_pic_order_in_frame_present_flag
	w.ue(0); // num_slice_groups_minus1
	w.ue(0); // num_ref_idx_l0_default_active_minus1
	w.ue(0); // num_ref_idx_l1_default_active_minus1
	w.bit(0); // weighted_pred_flag
	w.bits(0, 2); // weighted_bipred_idc
	w.se(0); // pic_init_qp_minus26
	w.se(0); // pic_init_qs_minus26
	w.se(0); // chroma_qp_index_offset
	w.bit(1); // deblocking_filter_control_present_flag
	w.bit(0); // constrained_intra_pred_flag
	w.bit(0); // redundant_pic_cnt_present_flag
	return nal(3, 8, w.trailing());
}

// The picture of IDR number k: a gradient with a vertical bar that moves right, its colour changing.
// Samples stay within 16..235 (video range), so the PCM bytes never contain 00.
function picture(k) {
	const y = Buffer.alloc(WIDTH * HEIGHT);
	const bar = (k * 12) % WIDTH;
	for (let row = 0; row < HEIGHT; row++)
		for (let col = 0; col < WIDTH; col++) {
			const inBar = col >= bar && col < bar + 12;
			y[row * WIDTH + col] = inBar ? 220 : 40 + Math.round(((row + col) * 120) / (WIDTH + HEIGHT));
		}
	const hues = [
		[90, 240],
		[240, 110],
		[60, 60],
		[200, 200],
		[128, 30],
	];
	const [cb, cr] = hues[k % hues.length];
	return { y, cb, cr };
}

function idrSlice(k) {
	const { y, cb, cr } = picture(k);
	const w = new BitWriter();
	w.ue(0); // first_mb_in_slice
	w.ue(7); // slice_type: I (all slices of the picture)
	w.ue(0); // pic_parameter_set_id
	w.bits(0, 4); // frame_num
	w.ue(k % 2); // idr_pic_id: differs between consecutive IDR pictures
	w.bit(0); // no_output_of_prior_pics_flag
	w.bit(0); // long_term_reference_flag
	w.se(0); // slice_qp_delta
	w.ue(1); // disable_deblocking_filter_idc: off
	const mbCols = WIDTH / 16;
	for (let mb = 0; mb < MBS; mb++) {
		w.ue(25); // mb_type I_PCM
		w.align(); // pcm_alignment_zero_bits
		const x0 = (mb % mbCols) * 16;
		const y0 = Math.floor(mb / mbCols) * 16;
		for (let r = 0; r < 16; r++) for (let c = 0; c < 16; c++) w.byte(y[(y0 + r) * WIDTH + x0 + c]);
		for (let i = 0; i < 64; i++) w.byte(cb);
		for (let i = 0; i < 64; i++) w.byte(cr);
	}
	return nal(3, 5, w.trailing());
}

// A P picture that repeats the previous one: every macroblock skipped.
function skipSlice(frameNum) {
	const w = new BitWriter();
	w.ue(0); // first_mb_in_slice
	w.ue(5); // slice_type: P (all slices of the picture)
	w.ue(0); // pic_parameter_set_id
	w.bits(frameNum, 4); // frame_num
	w.bit(0); // num_ref_idx_active_override_flag
	w.bit(0); // ref_pic_list_modification_flag_l0
	w.bit(0); // adaptive_ref_pic_marking_mode_flag
	w.se(0); // slice_qp_delta
	w.ue(1); // disable_deblocking_filter_idc
	w.ue(MBS); // mb_skip_run: the whole picture
	return nal(2, 1, w.trailing());
}

// ---- ISO BMFF ----

function box(type, ...parts) {
	const body = Buffer.concat(parts);
	const head = Buffer.alloc(8);
	head.writeUInt32BE(body.length + 8, 0);
	head.write(type, 4, 'latin1');
	return Buffer.concat([head, body]);
}
const fullBox = (type, version, flags, ...parts) => {
	const vf = Buffer.alloc(4);
	vf.writeUInt32BE(((version << 24) | flags) >>> 0, 0);
	return box(type, vf, ...parts);
};
const u8 = (...v) => Buffer.from(v);
function u16(...values) {
	const b = Buffer.alloc(2 * values.length);
	values.forEach((v, i) => b.writeUInt16BE(v & 0xffff, 2 * i));
	return b;
}
function u32(...values) {
	const b = Buffer.alloc(4 * values.length);
	values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
	return b;
}
const MATRIX = u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);

function buildTinyMp4() {
	const spsNal = sps();
	const ppsNal = pps();
	const samples = [];
	const sync = [];
	for (let f = 0; f < FRAMES; f++) {
		const unit = f % GOP === 0 ? idrSlice(f / GOP) : skipSlice(f % GOP);
		if (f % GOP === 0) sync.push(f + 1);
		samples.push(Buffer.concat([u32(unit.length), unit]));
	}
	const durationMs = (FRAMES * 1000) / FPS;

	const avcC = box(
		'avcC',
		u8(1, PROFILE, CONSTRAINTS, LEVEL, 0xff, 0xe1),
		u16(spsNal.length),
		spsNal,
		u8(1),
		u16(ppsNal.length),
		ppsNal,
	);
	const compressor = Buffer.alloc(32);
	compressor.write('\x0cMetaStudioEmu', 0, 'latin1');
	const avc1 = box(
		'avc1',
		Buffer.alloc(6),
		u16(1), // data_reference_index
		Buffer.alloc(16),
		u16(WIDTH, HEIGHT),
		u32(0x480000, 0x480000, 0),
		u16(1), // frame_count
		compressor,
		u16(0x18, 0xffff),
		avcC,
	);
	const stbl = (chunkOffset) =>
		box(
			'stbl',
			fullBox('stsd', 0, 0, u32(1), avc1),
			fullBox('stts', 0, 0, u32(1, FRAMES, 1)),
			fullBox('stss', 0, 0, u32(sync.length, ...sync)),
			fullBox('stsc', 0, 0, u32(1, 1, FRAMES, 1)),
			fullBox('stsz', 0, 0, u32(0, FRAMES, ...samples.map((s) => s.length))),
			fullBox('stco', 0, 0, u32(1, chunkOffset)),
		);
	const moov = (chunkOffset) =>
		box(
			'moov',
			fullBox(
				'mvhd',
				0,
				0,
				u32(0, 0, 1000, durationMs, 0x10000),
				u16(0x100, 0),
				u32(0, 0),
				MATRIX,
				Buffer.alloc(24),
				u32(2),
			),
			box(
				'trak',
				fullBox(
					'tkhd',
					0,
					3,
					u32(0, 0, 1, 0, durationMs, 0, 0),
					u16(0, 0, 0, 0),
					MATRIX,
					u32(WIDTH << 16, HEIGHT << 16),
				),
				box(
					'mdia',
					fullBox('mdhd', 0, 0, u32(0, 0, FPS, FRAMES), u16(0x55c4, 0)),
					fullBox(
						'hdlr',
						0,
						0,
						u32(0),
						Buffer.from('vide', 'latin1'),
						u32(0, 0, 0),
						Buffer.from('VideoHandler\0', 'latin1'),
					),
					box(
						'minf',
						fullBox('vmhd', 0, 1, u16(0, 0, 0, 0)),
						box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1))),
						stbl(chunkOffset),
					),
				),
			),
		);
	const ftyp = box(
		'ftyp',
		Buffer.from('isom', 'latin1'),
		u32(0x200),
		Buffer.from('isomiso2avc1mp41', 'latin1'),
	);
	const moovSize = moov(0).length;
	const mdat = box('mdat', ...samples);
	return Buffer.concat([ftyp, moov(ftyp.length + moovSize + 8), mdat]);
}

/** The tiny MP4 (a Buffer; built once). */
const TINY_MP4 = buildTinyMp4();
const TINY_MP4_INFO = Object.freeze({
	width: WIDTH,
	height: HEIGHT,
	fps: FPS,
	frames: FRAMES,
	seconds: FRAMES / FPS,
});

// ---- PNG and WAV ----

function crc32(buf) {
	let c = ~0;
	for (const b of buf) {
		c ^= b;
		for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
	}
	return ~c >>> 0;
}
function pngChunk(type, data) {
	const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	return Buffer.concat([u32(data.length), td, u32(crc32(td))]);
}
/** A 32x32 RGB PNG: a two-colour diagonal. */
function buildPng() {
	const size = 32;
	const raw = Buffer.alloc((size * 3 + 1) * size);
	for (let y = 0; y < size; y++) {
		raw[y * (size * 3 + 1)] = 0; // filter: none
		for (let x = 0; x < size; x++) {
			const o = y * (size * 3 + 1) + 1 + x * 3;
			const upper = x > y;
			raw[o] = upper ? 200 : 30;
			raw[o + 1] = upper ? 60 : 120;
			raw[o + 2] = upper ? 40 : 220;
		}
	}
	const ihdr = Buffer.concat([u32(size, size), u8(8, 2, 0, 0, 0)]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', zlib.deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}
/** Half a second of a 440 Hz tone, 8 kHz mono 16-bit PCM. */
function buildWav() {
	const rate = 8000;
	const n = rate / 2;
	const data = Buffer.alloc(n * 2);
	for (let i = 0; i < n; i++)
		data.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
	const fmt = Buffer.alloc(16);
	fmt.writeUInt16LE(1, 0);
	fmt.writeUInt16LE(1, 2);
	fmt.writeUInt32LE(rate, 4);
	fmt.writeUInt32LE(rate * 2, 8);
	fmt.writeUInt16LE(2, 12);
	fmt.writeUInt16LE(16, 14);
	const le32 = (v) => {
		const b = Buffer.alloc(4);
		b.writeUInt32LE(v, 0);
		return b;
	};
	return Buffer.concat([
		Buffer.from('RIFF', 'latin1'),
		le32(36 + data.length),
		Buffer.from('WAVEfmt ', 'latin1'),
		le32(16),
		fmt,
		Buffer.from('data', 'latin1'),
		le32(data.length),
		data,
	]);
}
/**
 * Half a second of silence as an MPEG-1 Layer III stream: 21 frames of 48 kHz mono at 32 kbit/s (96
 * bytes each, 1,152 samples). Each frame is its 4-byte header (sync, MPEG-1, Layer III, no CRC, bitrate
 * index 1, 48 kHz, no padding, mono, original) and all-zero side information and main data: every
 * granule has no Huffman data, which decoders play as silence.
 */
function buildMp3() {
	const FRAME = 96;
	const frame = Buffer.alloc(FRAME);
	frame.set([0xff, 0xfb, 0x14, 0xc4]);
	return Buffer.concat(Array.from({ length: 21 }, () => frame));
}
const PNG = buildPng();
const WAV = buildWav();
const MP3 = buildMp3();

// ---- an MP4 of any size, streamed ----

// 64 KiB of deterministic filler (SHA-256 in counter mode), repeated: the same bytes on every run.
const FILLER = (() => {
	const parts = [];
	for (let i = 0; i < 2048; i++)
		parts.push(crypto.createHash('sha256').update(`metastudio-emulator-filler-${i}`).digest());
	return Buffer.concat(parts);
})();

/** The smallest size largeMp4 accepts: the tiny MP4 and an 8-byte free-box header. */
const MIN_LARGE_MP4 = TINY_MP4.length + 8;

/**
 * The first bytes of an MP4 of `size` bytes: the tiny MP4, then the header of a `free` box (skipped
 * by players) whose content is the filler up to `size` (a 64-bit box size when it needs one).
 */
function largeMp4Head(size) {
	if (!Number.isSafeInteger(size) || size < MIN_LARGE_MP4)
		throw new RangeError(`size must be an integer >= ${MIN_LARGE_MP4}`);
	const rest = size - TINY_MP4.length;
	let header;
	if (rest <= 0xffffffff) {
		header = Buffer.alloc(8);
		header.writeUInt32BE(rest, 0);
		header.write('free', 4, 'latin1');
	} else {
		header = Buffer.alloc(16);
		header.writeUInt32BE(1, 0);
		header.write('free', 4, 'latin1');
		header.writeBigUInt64BE(BigInt(rest), 8);
	}
	return Buffer.concat([TINY_MP4, header]);
}

/**
 * A readable stream of bytes [start, end] (inclusive) of a file: `{ bytes }` (a Buffer) or
 * `{ largeSize }` (the generated MP4) or `{ path }` (a file on disk). The generated one is produced as it is read, 64 KiB at a time.
 */
function fileStream(file, start, end) {
	if (file.bytes) return Readable.from([file.bytes.subarray(start, end + 1)]);
	// uploaded bytes, kept on disk by the storage host
	if (file.path) return fs.createReadStream(file.path, { start, end });
	const head = largeMp4Head(file.largeSize);
	function* chunks() {
		let pos = start;
		if (pos < head.length) {
			const piece = head.subarray(pos, Math.min(head.length, end + 1));
			yield piece;
			pos += piece.length;
		}
		while (pos <= end) {
			const at = (pos - head.length) % FILLER.length;
			const len = Math.min(FILLER.length - at, end + 1 - pos);
			yield FILLER.subarray(at, at + len);
			pos += len;
		}
	}
	return Readable.from(chunks(), { objectMode: false, highWaterMark: 256 * 1024 });
}

/** The byte at `offset` of a generated MP4 of `size` bytes (for tests). */
function largeMp4ByteAt(size, offset) {
	const head = largeMp4Head(size);
	return offset < head.length ? head[offset] : FILLER[(offset - head.length) % FILLER.length];
}

module.exports = {
	TINY_MP4,
	TINY_MP4_INFO,
	PNG,
	WAV,
	MP3,
	MIN_LARGE_MP4,
	largeMp4Head,
	largeMp4ByteAt,
	fileStream,
};
