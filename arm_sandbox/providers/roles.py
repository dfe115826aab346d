"""Built-in role definitions the sandbox knows (real ids and names)."""

# name -> (guid, description, actions, dataActions)
BUILT_IN = {
    "Owner": ("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.", ["*"], []),
    "Contributor": ("b24988ac-6180-42a0-ab88-20f7382dd24c", "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.", ["*"], []),
    "Reader": ("acdd72a7-3385-48ef-bd42-f606fba81ae7", "View all resources, but does not allow you to make any changes.", ["*/read"], []),
    "User Access Administrator": ("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "Lets you manage user access to Azure resources.", ["*/read", "Microsoft.Authorization/*"], []),
    "Storage Blob Data Owner": ("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Provides full access to Azure Storage blob containers and data, including assigning POSIX access control.", ["Microsoft.Storage/storageAccounts/blobServices/containers/*"], ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"]),
    "Storage Blob Data Contributor": ("ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Read, write, and delete Azure Storage containers and blobs.", ["Microsoft.Storage/storageAccounts/blobServices/containers/delete", "Microsoft.Storage/storageAccounts/blobServices/containers/read", "Microsoft.Storage/storageAccounts/blobServices/containers/write"], ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write"]),
    "Storage Blob Data Reader": ("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Read and list Azure Storage containers and blobs.", ["Microsoft.Storage/storageAccounts/blobServices/containers/read"], ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"]),
    "Storage Queue Data Contributor": ("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Read, write, and delete Azure Storage queues and queue messages.", ["Microsoft.Storage/storageAccounts/queueServices/queues/*"], ["Microsoft.Storage/storageAccounts/queueServices/queues/messages/*"]),
    "Storage Queue Data Reader": ("19e7f393-937e-4f77-808e-94535e297925", "Read and list Azure Storage queues and queue messages.", ["Microsoft.Storage/storageAccounts/queueServices/queues/read"], ["Microsoft.Storage/storageAccounts/queueServices/queues/messages/read"]),
    "Storage Table Data Contributor": ("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Allows for read, write and delete access to Azure Storage tables and entities", ["Microsoft.Storage/storageAccounts/tableServices/tables/*"], ["Microsoft.Storage/storageAccounts/tableServices/tables/entities/*"]),
    "Storage Table Data Reader": ("76199698-9eea-4c19-bc75-cec21354c6b6", "Allows for read access to Azure Storage tables and entities", ["Microsoft.Storage/storageAccounts/tableServices/tables/read"], ["Microsoft.Storage/storageAccounts/tableServices/tables/entities/read"]),
    "Storage File Data Privileged Contributor": ("69566ab7-960f-475b-8e7c-b3118f30c6bd", "Customer has read, write, delete and modify ACLs on files/directories in Azure file shares.", [], ["Microsoft.Storage/storageAccounts/fileServices/fileshares/files/*"]),
    "Storage File Data SMB Share Contributor": ("0c867c2a-1d8c-454a-a3db-ab2ea1bdc8bb", "Allows for read, write, and delete access on files/directories in Azure file shares.", [], ["Microsoft.Storage/storageAccounts/fileServices/fileshares/files/read", "Microsoft.Storage/storageAccounts/fileServices/fileshares/files/write", "Microsoft.Storage/storageAccounts/fileServices/fileshares/files/delete"]),
    "Key Vault Administrator": ("00482a5a-887f-4fb3-b363-3b7fe8e74483", "Perform all data plane operations on a key vault and all objects in it, including certificates, keys, and secrets.", ["Microsoft.Authorization/*/read", "Microsoft.KeyVault/checkNameAvailability/read", "Microsoft.KeyVault/vaults/*/read"], ["Microsoft.KeyVault/vaults/*"]),
    "Key Vault Secrets User": ("4633458b-17de-408a-b874-0445c86b69e6", "Read secret contents.", [], ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"]),
    "Key Vault Secrets Officer": ("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Perform any action on the secrets of a key vault, except manage permissions.", ["Microsoft.Authorization/*/read", "Microsoft.KeyVault/vaults/*/read"], ["Microsoft.KeyVault/vaults/secrets/*"]),
    "Key Vault Certificate User": ("db79e9a7-68ee-4b58-9aeb-b90e7c24fcba", "Read certificate contents. Only works for key vaults that use the 'Azure role-based access control' permission model.", [], ["Microsoft.KeyVault/vaults/certificates/read", "Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action", "Microsoft.KeyVault/vaults/keys/read"]),
}

BY_GUID = {guid: name for name, (guid, *_rest) in BUILT_IN.items()}


def definition(name, id_prefix):
    guid, description, actions, data_actions = BUILT_IN[name]
    return {"properties": {"roleName": name, "type": "BuiltInRole", "description": description,
                           "assignableScopes": ["/"],
                           "permissions": [{"actions": actions, "notActions": [], "dataActions": data_actions,
                                            "notDataActions": []}],
                           "createdOn": "2015-02-02T21:55:09.8806423Z", "updatedOn": "2024-01-01T00:00:00.0000000Z",
                           "createdBy": None, "updatedBy": None},
            "id": f"{id_prefix}/providers/Microsoft.Authorization/roleDefinitions/{guid}",
            "type": "Microsoft.Authorization/roleDefinitions", "name": guid}
