"""Fixed identities of the sandbox's one subscription, tenant and service principal.

The subscription id is the one azure-cli's playback uses, so ids seen in recordings
and ids produced by the sandbox look alike. The secret is fake and safe to print.
"""

SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000"
SUBSCRIPTION_NAME = "ARM Sandbox Subscription"
TENANT_ID = "72f988bf-0000-4000-8000-000000000001"
TENANT_DOMAIN = "armsandbox.onmicrosoft.com"

# The service principal `az login --service-principal` uses.
CLIENT_ID = "11111111-1111-4111-8111-111111111111"
CLIENT_SECRET = "arm-sandbox-fake-secret"
PRINCIPAL_ID = "22222222-2222-4222-8222-222222222222"  # its object id
CLIENT_DISPLAY_NAME = "arm-sandbox-sp"

CLOUD_NAME = "ArmSandbox"
# Token audience az asks for; any value works as long as login and calls agree.
ARM_AUDIENCE = "https://management.core.windows.net/"

# Signing key of sandbox-issued tokens. Constant on purpose: tokens survive a restart
# with --state-file, and nothing here protects anything real.
TOKEN_SIGNING_KEY = b"arm-sandbox-token-signing-key"
TOKEN_LIFETIME_S = 3600

DEFAULT_PORT = 8443
DEFAULT_TTL_S = 900
DEFAULT_PAGE_SIZE = 100
DEFAULT_LOCATION = "eastus"
