#!/usr/bin/env bash
# azd postprovision hook: lets supervisors sign in to the web console with Entra ID in a browser.
#
# App Service authentication signs a browser in through /.auth/login/aad (server-directed flow) and gets the ID token
# back at https://<function app host>/.auth/login/aad/callback. The app registration the preprovision hook made
# (infra/scripts/entra-app.sh) must therefore list that callback as a web redirect URI and issue ID tokens. The host
# is known only after provisioning (SERVICE_FUNCTIONS_URI, an output of infra/main.bicep), hence a second hook.
#
# Idempotent: it adds the callback to the registration's existing web redirect URIs (keeping any others, e.g. of a
# custom domain) and turns ID-token issuance on; a second run changes nothing. It never removes a redirect URI.
#
# Needs: az (signed in), azd. Env: AUTH_CLIENT_ID and SERVICE_FUNCTIONS_URI in the azd environment.
set -euo pipefail

log() { printf 'entra-redirect: %s\n' "$*" >&2; }

client_id="$(azd env get-value AUTH_CLIENT_ID 2>/dev/null || true)"
function_uri="$(azd env get-value SERVICE_FUNCTIONS_URI 2>/dev/null || true)"
[[ -n "${client_id}" ]] || { log "AUTH_CLIENT_ID is not set: run azd provision (its preprovision hook creates the registration)"; exit 1; }
[[ "${function_uri}" == https://* ]] || { log "SERVICE_FUNCTIONS_URI is '${function_uri}', not an https URL: provision first"; exit 1; }

callback="${function_uri%/}/.auth/login/aad/callback"

# The registration's current web redirect URIs, one per line (none yet: empty).
mapfile -t uris < <(az ad app show --id "${client_id}" --query 'web.redirectUris[]' -o tsv | tr -d '\r' | sed '/^$/d')
for uri in "${uris[@]}"; do
  if [[ "${uri}" == "${callback}" ]]; then
    found=1
  fi
done
if [[ -z "${found:-}" ]]; then
  uris+=("${callback}")
  log "adding web redirect URI ${callback}"
fi

az ad app update --id "${client_id}" \
  --web-redirect-uris "${uris[@]}" \
  --enable-id-token-issuance true

log "browser sign-in ready: open $(azd env get-value CONSOLE_URL 2>/dev/null || echo "${function_uri%/}/.auth/login/aad?post_login_redirect_uri=/api/console/")"
