// Writes file.br (brotli, quality 11) and file.gz (gzip -9) next to each file given, when missing
// or older than the file: the page's server sends these as they are (Content-Encoding), and a
// municipal web server can do the same (nginx gzip_static / brotli_static). Compressing the module
// at quality 11 takes seconds once, here, instead of on a resident's first request.
//   node scripts/precompress.mjs FILE...
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const fresh = (packed, file) => {
  try {
    return statSync(packed).mtimeMs >= statSync(file).mtimeMs;
  } catch {
    return false;
  }
};

for (const file of process.argv.slice(2)) {
  if (fresh(`${file}.br`, file) && fresh(`${file}.gz`, file)) continue;
  const body = readFileSync(file);
  writeFileSync(`${file}.br`, brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }));
  writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
}
