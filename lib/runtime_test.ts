import { ok, strictEqual, throws } from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundledFileUrl, isCompiledBinary, runtimeInfo } from "./runtime.ts";

Deno.test("isCompiledBinary recognises Bun's embedded file system and nothing else", () => {
  ok(isCompiledBinary("file:///$bunfs/root/pfw"));
  ok(isCompiledBinary("file:///B:/~BUN/root/pfw.exe"));
  ok(!isCompiledBinary("file:///work/main/lib/runtime.ts"));
  ok(!isCompiledBinary());
});

Deno.test("runtimeInfo reports deno from source", () => {
  const info = runtimeInfo();
  strictEqual(info.name, "deno");
  strictEqual(info.version, Deno.version.deno);
  strictEqual(info.compiled, false);
});

Deno.test("bundledFileUrl finds repository files from source and rejects paths outside it", () => {
  const url = bundledFileUrl("docs/yaml.md");
  ok(existsSync(fileURLToPath(url)), url.href);
  strictEqual(fileURLToPath(bundledFileUrl("main.ts")), fileURLToPath(new URL("../main.ts", import.meta.url)));
  throws(() => bundledFileUrl("../etc/passwd"), TypeError);
  throws(() => bundledFileUrl("/etc/passwd"), TypeError);
});
