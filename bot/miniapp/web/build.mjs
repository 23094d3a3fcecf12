// Copies the vendored files into ../static: ECharts 5's minified build, and the China map GeoJSON that
// ECharts 4.9.0 shipped (map/json/china.json; ECharts 5 no longer ships maps). Both Apache-2.0.
// Reproducible: the versions are pinned in package.json and package-lock.json; `npm ci && npm run build`.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";

const out = new URL("../static/", import.meta.url);
const files = [
  ["node_modules/echarts/dist/echarts.min.js", "echarts.min.js"],
  ["node_modules/echarts-4-maps/map/json/china.json", "china.json"],
];
for (const [from, to] of files) {
  copyFileSync(new URL(from, import.meta.url), new URL(to, out));
  const sum = createHash("sha256").update(readFileSync(new URL(to, out))).digest("hex");
  console.log(`${to}  sha256 ${sum}`);
}
writeFileSync(new URL("VENDORED.txt", out), files.map(([f, t]) => `${t} <- ${f}`).join("\n") + "\n");
