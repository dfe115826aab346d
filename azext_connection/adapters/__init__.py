"""One adapter per source kind and per target family: the behaviour behind the matrix's data."""


def source_adapter(name):
    from .webapp import WebAppSource
    return {'webapp': WebAppSource}[name]()


def target_adapter(spec):
    if spec.adapter == 'storage':
        from .storage import StorageTarget
        return StorageTarget(spec.service)
    if spec.adapter == 'keyvault':
        from .keyvault import KeyVaultTarget
        return KeyVaultTarget()
    raise ValueError(f'no adapter for {spec.adapter}')
