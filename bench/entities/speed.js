#!/usr/bin/env node
'use strict';
// speed.js: entity extraction throughput of a peer tagger on English prose.
//
//   node bench/entities/speed.js wink|compromise FILE [REPEATS] [--bytes N]
//
// Reads FILE (only its first N bytes with --bytes N, cut back to the last paragraph
// boundary, i.e. blank line, before N; if there is none, to the last line end), splits it
// into paragraphs exactly as tag.js does (peers.splitParagraphs: blank lines; a paragraph
// over 8192 UTF-16 code units is cut into chunks of whole lines), then REPEATS times
// (default 5) runs every paragraph through the same full extraction tag.js uses
// (peers.tagParagraph: the peer's calls, type mapping, overlap resolution and UTF-16 ->
// byte offset conversion). Module/model load time is measured apart (load_seconds) and
// the paragraph split is done once, outside the timed runs.
//
// Prints one line of key=value pairs, e.g.
//   peer=wink bytes=1000000 paragraphs=123 runs=5 median_seconds=0.81 median_mbps=1.23
//   min_seconds=... max_seconds=... entities=12345 load_seconds=0.35 versions=...
// MB is 10^6 bytes of input (UTF-8 bytes of the text used); entities is the count of
// one run (every run finds the same).

const fs = require('fs');
const peers = require('./peers');

function usage() {
  process.stderr.write('usage: node speed.js wink|compromise FILE [REPEATS] [--bytes N]\n');
  process.exit(2);
}

function main(argv) {
  const pos = [];
  let limit = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--bytes') { limit = parseInt(argv[++i], 10); if (!(limit > 0)) usage(); }
    else if (argv[i].startsWith('--bytes=')) { limit = parseInt(argv[i].slice(8), 10); if (!(limit > 0)) usage(); }
    else pos.push(argv[i]);
  }
  const [name, file, rep] = pos;
  if (!name || !file) usage();
  const repeats = rep ? parseInt(rep, 10) : 5;
  if (!(repeats > 0)) usage();

  let buf = fs.readFileSync(file);
  if (limit !== null && buf.length > limit) {
    let cut = buf.lastIndexOf('\n\n', limit - 2);
    cut = cut > 0 ? cut + 1 : buf.lastIndexOf('\n', limit - 1) + 1;
    if (cut <= 0) cut = limit; // no line end at all: cut at N bytes (may split a character)
    buf = buf.subarray(0, cut);
  }
  const text = buf.toString('utf8');
  const bytes = Buffer.byteLength(text, 'utf8');

  const t0 = process.hrtime.bigint();
  const peer = peers.load(name);
  const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

  const paras = peers.splitParagraphs(text);
  const bases = [];
  { let cu = 0, b = 0;
    for (const p of paras) {
      b += Buffer.byteLength(text.slice(cu, p.offset), 'utf8');
      bases.push(b);
      b += Buffer.byteLength(p.text, 'utf8');
      cu = p.offset + p.text.length;
    } }

  const times = [];
  let entities = 0;
  for (let r = 0; r < repeats; r++) {
    let n = 0;
    const s = process.hrtime.bigint();
    for (let i = 0; i < paras.length; i++) n += peers.tagParagraph(peer, paras[i].text, bases[i]).length;
    times.push(Number(process.hrtime.bigint() - s) / 1e9);
    entities = n;
  }
  const sorted = times.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const versions = Object.entries(peer.versions).map(([k, v]) => `${k}@${v}`).join(',');
  console.log([
    `peer=${name}`, `bytes=${bytes}`, `paragraphs=${paras.length}`, `runs=${repeats}`,
    `median_seconds=${median.toFixed(3)}`, `median_mbps=${(bytes / 1e6 / median).toFixed(3)}`,
    `min_seconds=${sorted[0].toFixed(3)}`, `max_seconds=${sorted[sorted.length - 1].toFixed(3)}`,
    `entities=${entities}`, `load_seconds=${loadSeconds.toFixed(3)}`, `versions=${versions}`,
  ].join(' '));
}

main(process.argv.slice(2));
