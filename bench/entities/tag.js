#!/usr/bin/env node
'use strict';
// tag.js: print the entities a peer tagger finds in each file.
//
//   node bench/entities/tag.js wink|compromise FILE...
//
// One TSV line per entity: FILE<TAB>start<TAB>stop<TAB>TYPE<TAB>text, where start and
// stop are 1-based inclusive byte offsets into the UTF-8 file (Lua: s:sub(start, stop)
// is the text) and FILE is the path as given. Types are kata's 12 (see peers.js for the
// mapping, the paragraph split and how offsets are computed). Spans never overlap.
// Tabs and newlines inside an entity's text are printed as \t and \n (the offsets are
// what counts). Exits 1 if a file is not valid UTF-8 (its offsets could not be exact).

const fs = require('fs');
const peers = require('./peers');

function main(argv) {
  const [name, ...files] = argv;
  if (!name || files.length === 0) {
    process.stderr.write('usage: node tag.js wink|compromise FILE...\n');
    process.exit(2);
  }
  const peer = peers.load(name);
  const out = [];
  let status = 0;
  for (const file of files) {
    const buf = fs.readFileSync(file);
    const text = buf.toString('utf8');
    if (Buffer.byteLength(text, 'utf8') !== buf.length || !Buffer.from(text, 'utf8').equals(buf)) {
      process.stderr.write(`tag.js: ${file}: not valid UTF-8, skipped\n`);
      status = 1;
      continue;
    }
    for (const s of peers.tagText(peer, text)) {
      const t = s.text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
      out.push(`${file}\t${s.start}\t${s.stop}\t${s.type}\t${t}\n`);
      if (out.length >= 4096) { process.stdout.write(out.join('')); out.length = 0; }
    }
  }
  process.stdout.write(out.join(''));
  const st = peer.stats();
  for (const k of Object.keys(st)) if (st[k]) process.stderr.write(`tag.js: ${name}: ${k}=${st[k]}\n`);
  process.exitCode = status;
}

main(process.argv.slice(2));
