// ESLint with Effect's own style: the dprint formatter rule of @effect/eslint-plugin, configured
// as in Effect's monorepo, plus typescript-eslint's recommended rules.
import effect from "@effect/eslint-plugin"
import tseslint from "typescript-eslint"

const barrelImports = {
  regex: "^@effect/(platform|platform-node)$",
  message: "import the module itself (\"@effect/platform/HttpClient\"): the index loads every module of the package"
}

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "build/**",
      ".tools/**",
      ".pnpm/**",
      ".bench/**",
      "packages/*/docs/**",
      "**/*.md"
    ]
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.js"],
    plugins: { "@effect": effect },
    rules: {
      "@effect/dprint": [
        "error",
        {
          config: {
            indentWidth: 2,
            lineWidth: 120,
            semiColons: "asi",
            quoteStyle: "alwaysDouble",
            trailingCommas: "never",
            operatorPosition: "maintain",
            "arrowFunction.useParentheses": "force"
          }
        }
      ],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-namespace": "off",
      "@typescript-eslint/no-empty-object-type": "off",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/array-type": ["error", { default: "generic", readonly: "generic" }],
      "no-restricted-syntax": ["error", {
        selector: "CallExpression[callee.property.name='push'] > SpreadElement.arguments",
        message: "Do not use spread arguments in Array.push"
      }]
    }
  },
  {
    // The packages import Effect's platform packages module by module: the `@effect/platform` index
    // loads every module, the Swagger and Scalar UIs among them (about 20 MB of strings kept alive
    // in every process, which V8's heap sizing multiplies into peak RSS).
    files: ["packages/*/src/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [barrelImports] }]
    }
  },
  {
    // The in-process fake runs on any runtime: Node.js only in the server's entry point and the binary.
    files: ["packages/testing/src/**/*.ts"],
    ignores: [
      "packages/testing/src/LiveChatFakeServer.ts",
      "packages/testing/src/node.ts",
      "packages/testing/src/bin/**"
    ],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [barrelImports, {
          regex: "^(node:|@effect/platform-node)",
          message: "Node.js only in LiveChatFakeServer.ts (the @effect-livechat/testing/node entry point) and src/bin/"
        }]
      }]
    }
  },
  {
    // The receiver runs on any runtime with Web Crypto: Node.js only in the server's entry point.
    files: ["packages/webhooks/src/**/*.ts"],
    ignores: ["packages/webhooks/src/WebhookServer.ts", "packages/webhooks/src/node.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [barrelImports, {
          regex: "^(node:|@effect/platform-node)",
          message: "Node.js only in WebhookServer.ts (the @effect-livechat/webhooks/node entry point)"
        }]
      }]
    }
  }
)
