#!/usr/bin/env python
"""The `connection` Azure CLI extension."""
from setuptools import find_packages, setup

# A preview release: 1.0.0bN with azext.isPreview in azext_metadata.json (azure-cli's extension versioning
# guidelines); HISTORY.rst has an entry for each version.
VERSION = '1.0.0b1'

CLASSIFIERS = [
    'Development Status :: 4 - Beta',
    'Intended Audience :: Developers',
    'Intended Audience :: System Administrators',
    'Programming Language :: Python',
    'Programming Language :: Python :: 3',
    'License :: OSI Approved :: MIT License',
]

with open('README.md', encoding='utf-8') as f:
    README = f.read()
with open('HISTORY.rst', encoding='utf-8') as f:
    HISTORY = f.read()

setup(
    name='connection',
    version=VERSION,
    description='Client-side Service Connector: az webapp connection create/update/list/show/validate/delete '
                'against Azure Resource Manager, with plans and real rollback.',
    long_description=README + '\n\n' + HISTORY,
    long_description_content_type='text/markdown',
    license='MIT',
    author='azext_connection engineers',
    url='https://github.com/Azure/azure-cli-extensions/tree/main/src/connection',
    classifiers=CLASSIFIERS,
    # The recorded tests (azext_connection/tests, with their cassettes) are for azdev and CI, not users.
    packages=find_packages(include=['azext_connection', 'azext_connection.*'],
                           exclude=['azext_connection.tests', 'azext_connection.tests.*']),
    # Everything else it needs ships with azure-cli (azure-mgmt-core, azure-core, knack, pyOpenSSL). pg8000
    # (with scramp), PyMySQL and python-tds, all pure Python, sign in to a PostgreSQL, MySQL or SQL server to
    # make a passwordless connection's database user.
    install_requires=['pg8000>=1.31', 'PyMySQL>=1.1', 'python-tds>=1.17'],
    package_data={'azext_connection': ['azext_metadata.json']},
    python_requires='>=3.9',
)
