// Starts `iacscan lsp` for the workspace: its findings become diagnostics
// in Terraform, CloudFormation/SAM and policy documents.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  await start();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("iacscan")) {
        await stop();
        await start();
      }
    }),
  );
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration("iacscan");
  const command = config.get<string>("path", "iacscan");
  const args = config.get<string[]>("args", []);
  const server: ServerOptions = { command, args: ["lsp", ...args] };
  const clientOptions: LanguageClientOptions = {
    // The server decides what it reads; these are the documents whose
    // unsaved text it is sent.
    documentSelector: [
      { scheme: "file", pattern: "**/*.tf" },
      { scheme: "file", pattern: "**/*.tf.json" },
      { scheme: "file", pattern: "**/*.{yaml,yml,json,template}" },
    ],
  };
  client = new LanguageClient("iacscan", "iacscan", server, clientOptions);
  try {
    await client.start();
  } catch (err) {
    void vscode.window.showErrorMessage(`iacscan: could not start "${command} lsp" (set iacscan.path): ${err}`);
  }
}

async function stop(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}
