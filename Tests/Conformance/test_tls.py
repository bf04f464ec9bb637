"""TLS: the official client (`aerospike`) against `aerosh serve --tls-certfile … --tls-keyfile …`.

Certificates are made with `openssl` when the module starts, in a temporary directory (a
CA, a server certificate for `aerosh.test` and 127.0.0.1, a client certificate for mutual
TLS, and one from a CA the client does not trust), so nothing checked in expires.

- OneNode: put/get over TLS with the TLS name in the host tuple; a write over TLS read back
  by aerospike-py and by aerosh over TLS, and the other way round; an untrusted CA refused.
- ThreeNodes: `--nodes 3` over TLS: the client follows `peers-tls-std`, and every node
  gets only the keys it masters.
- MutualTLS: `--tls-cafile` on serve: the client's certificate is required.

aerospike-py 0.14.4 has no TLS settings (its client config takes hosts, auth, timeouts and
pool sizes only, and its wheel is built without a TLS library), so it reaches the same
store through the clear port each node keeps beside its TLS port.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

import aerospike
import aerospike_py

from harness import HOST, ServerTestCase, run_aerosh

NAME = "aerosh.test"
CERTS: Path | None = None


def _openssl(*arguments: str) -> None:
    subprocess.run(["openssl", *arguments], check=True, capture_output=True)


def _make_ca(directory: Path, name: str) -> None:
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", str(directory / f"{name}.key"), "-out", str(directory / f"{name}.pem"),
             "-days", "2", "-subj", f"/CN=aerosh conformance {name}")


def _issue(directory: Path, name: str, ca: str, subject: str, extensions: str) -> None:
    (directory / f"{name}.ext").write_text(extensions)
    _openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", str(directory / f"{name}.key"), "-out", str(directory / f"{name}.csr"), "-subj", f"/CN={subject}")
    _openssl("x509", "-req", "-in", str(directory / f"{name}.csr"), "-CA", str(directory / f"{ca}.pem"),
             "-CAkey", str(directory / f"{ca}.key"), "-CAcreateserial", "-out", str(directory / f"{name}.pem"),
             "-days", "2", "-extfile", str(directory / f"{name}.ext"))


def setUpModule() -> None:
    global CERTS
    CERTS = Path(tempfile.mkdtemp(prefix="aerosh-conformance-tls-"))
    _make_ca(CERTS, "ca")
    _make_ca(CERTS, "other-ca")
    names = f"subjectAltName=DNS:{NAME},IP:127.0.0.1\n"
    _issue(CERTS, "server", "ca", NAME, names)
    _issue(CERTS, "client", "ca", "aerosh-client", "extendedKeyUsage=clientAuth\n")
    serve = ("--tls-certfile", str(CERTS / "server.pem"), "--tls-keyfile", str(CERTS / "server.key"))
    OneNode.server_options = {"memory": True, "extra_args": serve}
    ThreeNodes.server_options = {"memory": True, "nodes": 3, "extra_args": serve}
    MutualTLS.server_options = {"memory": True, "extra_args": serve + ("--tls-cafile", str(CERTS / "ca.pem"))}


def tearDownModule() -> None:
    if CERTS is not None:
        shutil.rmtree(CERTS, ignore_errors=True)


class TLSCase(ServerTestCase):
    def tls_config(self, **tls) -> dict:
        server = self.server()
        return {"hosts": [(HOST, server.tls_ports[0], NAME)],
                "tls": {"enable": True, "cafile": str(CERTS / "ca.pem"), **tls}}

    def official(self, **tls):
        client = aerospike.client(self.tls_config(**tls))
        self.addCleanup(client.close)
        return client

    def aerosh_tls(self, statements: str):
        server = self.server()
        return run_aerosh(["-h", f"{HOST}:{NAME}:{server.tls_ports[0]}", "--tls-enable",
                           "--tls-cafile", str(CERTS / "ca.pem"), "--timeout", "20000"], statements)


class OneNode(TLSCase):
    def test_put_and_get_over_tls(self):
        client = self.official()
        key = ("test", self.new_set(), "k1")
        client.put(key, {"name": "over tls", "n": 7})
        _, meta, bins = client.get(key)
        self.assertEqual(bins, {"name": "over tls", "n": 7})
        self.assertEqual(meta["gen"], 1)

    def test_a_write_over_tls_is_read_by_aerospike_py_and_aerosh_and_back(self):
        server = self.server()
        client = self.official()
        set_name = self.new_set()
        client.put(("test", set_name, "from_c"), {"v": 1, "s": "c"})

        py = aerospike_py.client({"hosts": [(HOST, server.port)]}).connect()
        self.addCleanup(py.close)
        record = py.get(("test", set_name, "from_c"))
        self.assertEqual(record.bins, {"v": 1, "s": "c"})
        py.put(("test", set_name, "from_py"), {"v": 2, "s": "py"})
        _, _, bins = client.get(("test", set_name, "from_py"))
        self.assertEqual(bins, {"v": 2, "s": "py"})

        result = self.aerosh_tls(f"GET test.{set_name} 'from_c'; PUT test.{set_name} 'from_aerosh' {{v: 3}}")
        self.assertEqual(result.returncode, 0, result.describe())
        _, _, bins = client.get(("test", set_name, "from_aerosh"))
        self.assertEqual(bins, {"v": 3})

    def test_an_untrusted_ca_is_refused(self):
        server = self.server()
        config = {"hosts": [(HOST, server.tls_ports[0], NAME)],
                  "tls": {"enable": True, "cafile": str(CERTS / "other-ca.pem")},
                  "policies": {"timeout": 2000}}
        with self.assertRaises(aerospike.exception.AerospikeError):
            client = aerospike.client(config)
            self.addCleanup(client.close)
            client.put(("test", self.new_set(), "k"), {"v": 1})


class ThreeNodes(TLSCase):
    def test_the_client_follows_peers_over_tls_to_each_master(self):
        client = self.official()
        set_name = self.new_set()
        for index in range(60):
            client.put(("test", set_name, f"k{index}"), {"v": index})
        for index in range(60):
            _, _, bins = client.get(("test", set_name, f"k{index}"))
            self.assertEqual(bins, {"v": index})
        answers = client.info_all("misrouted")
        self.assertEqual(len(answers), 3, answers)
        for node, (error, text) in answers.items():
            self.assertIsNone(error, node)
            self.assertEqual(text.strip().split("\t")[-1], "0", f"{node}: {text!r}")


class MutualTLS(TLSCase):
    def test_a_client_certificate_is_required(self):
        client = self.official(certfile=str(CERTS / "client.pem"), keyfile=str(CERTS / "client.key"))
        key = ("test", self.new_set(), "m")
        client.put(key, {"v": 1})
        self.assertEqual(client.get(key)[2], {"v": 1})

        server = self.server()
        without = {"hosts": [(HOST, server.tls_ports[0], NAME)],
                   "tls": {"enable": True, "cafile": str(CERTS / "ca.pem")}, "policies": {"timeout": 2000}}
        with self.assertRaises(aerospike.exception.AerospikeError):
            other = aerospike.client(without)
            self.addCleanup(other.close)
            other.put(("test", self.new_set(), "m2"), {"v": 1})
