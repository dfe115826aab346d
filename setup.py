#!/usr/bin/env python
"""The `connection` Azure CLI extension."""
from setuptools import find_packages, setup

VERSION = '0.1.0'

setup(
    name='connection',
    version=VERSION,
    description='Client-side Service Connector: az webapp connection create/update/list/show/validate/delete '
                'against Azure Resource Manager, with plans and real rollback.',
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    license='MIT',
    author='azext_connection engineers',
    classifiers=[
        'Development Status :: 4 - Beta',
        'Programming Language :: Python :: 3',
    ],
    packages=find_packages(include=['azext_connection', 'azext_connection.*']),
    # Everything it needs ships with azure-cli (azure-mgmt-web/-storage/-keyvault/-msi/-authorization).
    install_requires=[],
    package_data={'azext_connection': ['azext_metadata.json']},
    python_requires='>=3.9',
)
