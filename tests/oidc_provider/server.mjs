// A real OpenID Connect provider for the test suite: panva's oidc-provider (OpenID Certified), on 127.0.0.1.
//
//   node server.mjs CONFIG.json
//
// CONFIG.json (written by tests/sso/provider.py) names the clients, the signing keys (private JWKs, so a test can
// also sign a token as this provider would, to check the app refuses one for another audience or out of date) and
// ACCOUNTS.json, the people who can sign in here. Accounts are read again on every sign-in, so a test can add one.
// Each account: {"email", "password", "sub", "name", "email_verified", "mfa", "acr", "groups"}.
// "mfa": true puts ["pwd", "mfa"] in the ID token's `amr`, as a provider does after a second factor.
//
// Listens on a free port and prints one line of JSON to stdout: {"issuer": "http://127.0.0.1:PORT"}.
import { readFileSync } from "node:fs";
import http from "node:http";
import { Provider } from "oidc-provider";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));

function accounts() {
  return JSON.parse(readFileSync(config.accounts, "utf8"));
}

function accountBySub(sub) {
  return accounts().find((account) => account.sub === sub);
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function loginPage(uid, client, error = "") {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider: sign in</title></head>
<body>
<h1>Test identity provider</h1>
<p>Sign in to continue to ${escape(client)}.</p>
${error ? `<p role="alert" id="error">${escape(error)}</p>` : ""}
<form method="post" action="/interaction/${escape(uid)}/login">
  <label for="email">Work email</label> <input id="email" name="email" type="email" autocomplete="username">
  <label for="password">Provider password</label> <input id="password" name="password" type="password">
  <button type="submit">Sign in at the provider</button>
</form>
</body></html>`;
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

function send(res, status, html) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

const server = http.createServer();
server.listen(0, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    jwks: config.jwks,
    cookies: { keys: ["test-cookie-key-one", "test-cookie-key-two"] },
    // How the person signed in (`amr`, `acr`) goes in every ID token, as Entra ID and most providers put it.
    claims: {
      openid: ["sub", "acr", "amr", "auth_time"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
      sid: null,
    },
    // The app asks for PKCE: require it of every client, as a careful provider does.
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
    },
    ttl: { AuthorizationCode: 60, IdToken: 300, AccessToken: 300, Session: 3600, Interaction: 600, Grant: 3600 },
    async findAccount(ctx, sub) {
      const account = accountBySub(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: account.email,
            email_verified: account.email_verified !== false,
            name: account.name,
            groups: account.groups || [],
          };
        },
      };
    },
    // A first-party client: the person is never asked to consent, as with an organisation's own Entra ID apps.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = `<!DOCTYPE html><html lang="en"><head><title>Provider error</title></head><body><h1>Provider error</h1><pre id="error">${escape(JSON.stringify(out))}</pre></body></html>`;
    },
  });
  provider.proxy = false;
  const handle = provider.callback();

  server.on("request", async (req, res) => {
    const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
    if (!match) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      const client = details.params.client_id;
      if (req.method === "GET") return send(res, 200, loginPage(details.uid, client));
      const form = await readForm(req);
      const account = accounts().find((a) => a.email.toLowerCase() === (form.email || "").toLowerCase());
      if (!account || account.password !== form.password) {
        return send(res, 200, loginPage(details.uid, client, "Wrong email or password."));
      }
      const login = { accountId: account.sub, amr: account.mfa ? ["pwd", "mfa"] : ["pwd"] };
      if (account.acr) login.acr = account.acr;
      return await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
    } catch (error) {
      return send(res, 400, `<!DOCTYPE html><html lang="en"><head><title>Provider error</title></head><body><h1>Provider error</h1><pre id="error">${escape(error.message)}</pre></body></html>`);
    }
  });
  process.stdout.write(JSON.stringify({ issuer }) + "\n");
});

process.on("SIGTERM", () => server.close(() => process.exit(0)));
