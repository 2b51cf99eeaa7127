// ESLint for the agent (flat config, typescript-eslint with type information).
import { URL, fileURLToPath } from "node:url";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const here = fileURLToPath(new URL(".", import.meta.url)); // import.meta.dirname needs Node 20.11

export default tseslint.config(
    { ignores: ["node_modules/", "src/generated/"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: here },
        },
        rules: {
            // Every message goes through wire.ts's sendMessage(), which the compiler checks.
            "no-restricted-globals": ["error", { name: "send", message: "use sendMessage() from wire.ts" }],
        },
    },
    { files: ["**/*.js", "**/*.mjs"], extends: [tseslint.configs.disableTypeChecked] },
);
