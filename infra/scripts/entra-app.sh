#!/usr/bin/env bash
# azd preprovision hook: creates or updates the Entra ID app registration the function app's sign-in
# (authsettingsV2 in infra/app/functions.bicep) accepts tokens for, with the product's app roles
# (infra/entra/app-roles.json: `city` and one `district:<code>` per jurisdiction), and stores its ids
# in the azd environment (AUTH_CLIENT_ID, AUTH_TENANT_ID) for main.parameters.json.
#
# Idempotent: a second run finds the registration (by AUTH_CLIENT_ID, else by display name) and
# re-applies the same identifier URI, token version and app roles (fixed role ids), which changes nothing.
# It never deletes a role or a registration. Bicep cannot do this offline (the Microsoft Graph Bicep
# extension comes from a registry), hence a script.
#
# Needs: az (signed in: `az login`, as a user who may create app registrations), azd, and the repository.
# Env:   AZURE_ENV_NAME (set by azd), AUTH_APP_NAME (optional display name,
#        default compliance-monitor-<AZURE_ENV_NAME>).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
roles_file="${repo_root}/infra/entra/app-roles.json"
env_name="${AZURE_ENV_NAME:?AZURE_ENV_NAME is not set (run through azd: azd provision / azd up)}"
display_name="${AUTH_APP_NAME:-compliance-monitor-${env_name}}"

log() { printf 'entra-app: %s\n' "$*" >&2; }

[[ -f "${roles_file}" ]] || { log "missing ${roles_file}"; exit 1; }

tenant_id="$(az account show --query tenantId -o tsv)"
client_id="$(azd env get-value AUTH_CLIENT_ID 2>/dev/null || true)"

# 1. Find the registration: the id azd remembers, else the display name; create it when neither exists.
if [[ -n "${client_id}" ]] && ! az ad app show --id "${client_id}" --query appId -o tsv >/dev/null 2>&1; then
  log "AUTH_CLIENT_ID=${client_id} is not an app registration in tenant ${tenant_id}; looking up '${display_name}'"
  client_id=""
fi
if [[ -z "${client_id}" ]]; then
  client_id="$(az ad app list --display-name "${display_name}" --query '[0].appId' -o tsv)"
fi
if [[ -z "${client_id}" ]]; then
  log "creating app registration '${display_name}' (single tenant)"
  client_id="$(az ad app create --display-name "${display_name}" --sign-in-audience AzureADMyOrg --query appId -o tsv)"
else
  log "updating app registration '${display_name}' (${client_id})"
fi

# 2. The API's identifier URI (the token audience api://<client id>), v2 access tokens (issuer
#    https://login.microsoftonline.com/<tenant>/v2.0), and the app roles with their fixed ids.
az ad app update --id "${client_id}" \
  --identifier-uris "api://${client_id}" \
  --requested-access-token-version 2 \
  --app-roles "@${roles_file}"

# 3. The enterprise application (service principal): role assignments and token issuance need it.
if ! az ad sp show --id "${client_id}" --query id -o tsv >/dev/null 2>&1; then
  log "creating the service principal"
  az ad sp create --id "${client_id}" --query id -o tsv >/dev/null
fi

# 4. Hand the ids to Bicep (main.parameters.json: authClientId, authTenantId).
azd env set AUTH_CLIENT_ID "${client_id}"
azd env set AUTH_TENANT_ID "${tenant_id}"
log "AUTH_CLIENT_ID=${client_id} AUTH_TENANT_ID=${tenant_id}; assign roles as in infra/README.md, \"Sign-in\""
