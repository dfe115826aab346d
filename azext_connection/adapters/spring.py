"""Source adapter for Azure Spring Apps apps (Microsoft.AppPlatform/Spring/apps) and their deployments.

As in the core CLI, a connection belongs to the app (`az spring connection` without --deployment) or to
one deployment (`--deployment`, and always for `az spring-cloud connection`): its id sits under that
resource. It writes the environment variables of that deployment, or of the app's active one. Writing
them updates the deployment (a long-running operation that restarts its instances, waited for). Apps
and deployments have no tags of their own (they are not tracked resources), so records live in the
tags of the Spring service, named after the app, or `<app>:<deployment>` (tags.py); the identity is
the app's, outbound addresses the service's."""
import re
from dataclasses import dataclass, field

from azure.cli.core.azclierror import InvalidArgumentValueError, RequiredArgumentMissingError

from ..engine.documents import Snapshot, plain
from .base import derived
from .identity import IdentityOfResource, attached_identity
from .tags import TagRecords


def service_id(source_id):
    return re.split('/apps/', source_id, maxsplit=1, flags=re.IGNORECASE)[0]


def app_id(source_id):
    """The app of a source that is an app or one of its deployments."""
    return re.split('/deployments/', source_id, maxsplit=1, flags=re.IGNORECASE)[0]


def named_deployment(ref):
    """The deployment a deployment's id names (None for an app)."""
    return ref.child if app_id(ref.id) != ref.id else None


def app_name(ref):
    return app_id(ref.id).rsplit('/', 1)[1]


@dataclass
class SpringAppState(IdentityOfResource):
    ref: object
    resource: dict                   # the app
    scope: dict                      # {'deployment': name}
    record_store: dict
    service: dict = field(default_factory=dict)
    deployment: dict = field(default_factory=dict)
    deployments: tuple = ()

    @property
    def settings(self):
        return dict(((self.deployment.get('properties') or {}).get('deploymentSettings') or {})
                    .get('environmentVariables') or {})

    @property
    def outbound_ips(self):
        profile = (self.service.get('properties') or {}).get('networkProfile') or {}
        return tuple(sorted((profile.get('outboundIPs') or {}).get('publicIPs') or ()))

    def detect_client_type(self):
        """A Java runtime runs Spring Boot; a .NET Core one, .NET."""
        source = (self.deployment.get('properties') or {}).get('source') or {}
        runtime = (source.get('runtimeVersion') or '').lower()
        return 'dotnet' if runtime.startswith('netcore') else 'springBoot'

    @property
    def tags(self):
        return self.service.get('tags') or {}


class SpringAppSource:
    records_noun = 'tags of its Spring service'
    settings_note = 'the deployment restarts'

    def __init__(self, spec):
        self.spec = spec

    @staticmethod
    def settings_noun(scope):
        return f"environment variables of deployment {scope.get('deployment', '(the active one)')}"

    def start_read(self, arm, ref, _scope, pool, parts):
        # The app is read even for its records alone (they are in the service's tags): a missing app
        # must say so, not list nothing. Two requests, one round.
        futures = {'resource': pool.submit(arm.get, app_id(ref.id)),
                   'service': pool.submit(arm.get, service_id(ref.id))}
        futures['records'] = derived(futures['service'],
                                     lambda found: self.record_document(ref).from_tags(found.get('tags')))
        if 'settings' in parts:
            futures['settings'] = pool.submit(arm.pages, app_id(ref.id) + '/deployments', None, False)
        return futures

    def finish_read(self, ref, scope, results):
        deployments = tuple(results.get('settings') or ())
        name = named_deployment(ref) or scope.get('deployment') or next(
            (d['name'] for d in deployments if (d.get('properties') or {}).get('active')), None)
        deployment = next((d for d in deployments if d['name'].lower() == (name or '').lower()), {})
        return SpringAppState(ref, results.get('resource') or {}, {'deployment': name} if name else {},
                              results.get('records') or {}, results.get('service') or {}, deployment, deployments)

    @staticmethod
    def settings_values(_arm, state):
        return state.settings

    @staticmethod
    def client_paths(ref):
        return (app_id(ref.id), service_id(ref.id) + '/providers/Microsoft.Resources/tags/default')

    @staticmethod
    def attached_identity(resource, client_id):
        return attached_identity(resource, client_id)

    @staticmethod
    def read_resource(arm, ref):
        return arm.get(app_id(ref.id))

    @staticmethod
    def set_identity(arm, ref, identity_type, user_identities=None):
        body = {'identity': {'type': identity_type}}
        if user_identities:
            body['identity']['userAssignedIdentities'] = user_identities
        return arm.patch(app_id(ref.id), body, wait=True) or arm.get(app_id(ref.id))

    @staticmethod
    def settings_document(state):
        return DeploymentEnv(f"{app_id(state.ref.id)}/deployments/{state.scope['deployment']}")

    @staticmethod
    def record_document(ref):
        deployment = named_deployment(ref)
        return TagRecords(service_id(ref.id), service_id(ref.id).rsplit('/', 1)[1],
                          scope=f'{app_name(ref)}:{deployment}' if deployment else app_name(ref))

    @staticmethod
    def record_snapshot(state):
        return Snapshot(dict(state.record_store), raw=state.tags)

    @staticmethod
    def manual_identity_removal(ref, identity_id=None):
        service = service_id(ref.id).rsplit('/', 1)[1]
        what = f'--user-assigned {identity_id}' if identity_id else '--system-assigned'
        return f'az spring app identity remove -g {ref.resource_group} -s {service} -n {app_name(ref)} {what}'

    @staticmethod
    def check_scope(state, scope):
        names = [d['name'] for d in state.deployments]
        given = named_deployment(state.ref) or scope.get('deployment')
        app = app_name(state.ref)
        if given and given.lower() not in [n.lower() for n in names]:
            raise InvalidArgumentValueError(
                f"--deployment '{given}' is not a deployment of app {app}: it has {', '.join(names) or 'none'}.")
        if not given and not state.scope.get('deployment'):
            raise RequiredArgumentMissingError(
                f"App {app} has no active deployment: name the deployment to connect with --deployment.")
        return {'deployment': given or state.scope['deployment']}


class DeploymentEnv:
    """A deployment's environment variables as a shared document, written with a PATCH that replaces
    them (a long-running operation that restarts the deployment's instances, waited for)."""

    def __init__(self, deployment_id):
        self.deployment_id = deployment_id
        self.label = f"environment of deployment {deployment_id.rsplit('/', 1)[1]}"

    def read(self, arm):
        found = arm.get(self.deployment_id, trace=False)
        settings = (found.get('properties') or {}).get('deploymentSettings') or {}
        return Snapshot(dict(settings.get('environmentVariables') or {}))

    def write(self, arm, _snapshot, value):
        arm.patch(self.deployment_id, {'properties': {'deploymentSettings': {'environmentVariables': plain(value)}}},
                  trace=False, wait=True)
