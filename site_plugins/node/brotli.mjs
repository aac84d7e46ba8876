// Brotli for the site's precompressed files, with Node's own zlib (the build already needs Node.js;
// no Python dependency). Reads JSON lines {"from": path, "to": path} on stdin and writes `to` as
// the brotli (quality 11) of `from`, compressing several files at once on libuv's thread pool.
//
//   node brotli.mjs < jobs.jsonl
import { readFile, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { brotliCompress, constants } from "node:zlib";

const compress = promisify(brotliCompress);
const input = await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
});
const jobs = input.split("\n").filter(Boolean).map((line) => JSON.parse(line));
await Promise.all(
  jobs.map(async (job) => {
    const data = await readFile(job.from);
    const params = {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS, // 24: what browsers decode
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    };
    await writeFile(job.to, await compress(data, { params }));
  }),
);
