"""Throwaway CA + server certificate, made at start with `cryptography`.

Clients trust the server through REQUESTS_CA_BUNDLE, which holds the sandbox CA alone. requests
loads a bundle given that way on every new TLS connection (its preloaded default context is used
only without one): with the ~150 system CAs that costs ~140 ms of CPU per connection and would
swamp every timing, and there is no other host to reach here anyway.
"""
import datetime
import ipaddress
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_certificates(workdir):
    """Write ca.pem, server.pem, server-key.pem, ca-bundle.pem, the MySQL engine's mysql-server.pem and
    mysql-server-key.pem and the SQL Server engine's sqlserver-server.pem and sqlserver-server-key.pem into
    workdir; return paths."""
    os.makedirs(workdir, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    # EC keys: generation is ~1 ms, RSA-2048 would cost ~100 ms per start.
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("ARM Sandbox throwaway CA"))
        .issuer_name(_name("ARM Sandbox throwaway CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key, cert = _leaf(ca_key, ca_cert, "127.0.0.1", [
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")])
    # The MySQL engine's own certificate: clients check the host they dial (127.0.0.1) and a server's
    # name in Azure is <name>.mysql.database.azure.com.
    mysql_key, mysql_cert = _leaf(ca_key, ca_cert, "*.mysql.database.azure.com", [
        x509.DNSName("*.mysql.database.azure.com"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    # The SQL Server engine's: Azure SQL's gateway certificate names *.database.windows.net (its subject CN too).
    sql_key, sql_cert = _leaf(ca_key, ca_cert, "*.database.windows.net", [
        x509.DNSName("*.database.windows.net"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    pem = lambda c: c.public_bytes(serialization.Encoding.PEM)  # noqa: E731
    paths = {name: os.path.join(workdir, name) for name in
             ("ca.pem", "server.pem", "server-key.pem", "ca-bundle.pem", "mysql-server.pem", "mysql-server-key.pem",
              "sqlserver-server.pem", "sqlserver-server-key.pem")}
    _write(paths["ca.pem"], pem(ca_cert))
    _write(paths["server.pem"], pem(cert))
    _write(paths["server-key.pem"], _key_pem(key), mode=0o600)
    _write(paths["mysql-server.pem"], pem(mysql_cert))
    _write(paths["mysql-server-key.pem"], _key_pem(mysql_key), mode=0o600)
    _write(paths["sqlserver-server.pem"], pem(sql_cert))
    _write(paths["sqlserver-server-key.pem"], _key_pem(sql_key), mode=0o600)
    _write(paths["ca-bundle.pem"], pem(ca_cert))
    return paths


def _leaf(ca_key, ca_cert, cn, sans):
    """A server certificate signed by the CA for `sans`; returns (key, certificate)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def _key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _write(path, data, mode=0o644):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
