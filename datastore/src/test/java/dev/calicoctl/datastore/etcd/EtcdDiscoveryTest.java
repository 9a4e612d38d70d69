package dev.calicoctl.datastore.etcd;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.DatastoreException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** etcdDiscoverySrv against a real etcd, its endpoint published by a DNS server the test runs. */
class EtcdDiscoveryTest {
    static DatastoreConfig discover(String domain) {
        return new DatastoreConfig(DatastoreConfig.ETCDV3, null, List.of(), null, null, null, null, null, null, domain);
    }

    @Test
    void endpointsComeFromSrvRecords() throws Exception {
        try (EtcdServer etcd = EtcdServer.start()) {
            int port = Integer.parseInt(etcd.endpoint.substring(etcd.endpoint.lastIndexOf(':') + 1));
            try (FakeDns dns = new FakeDns(Map.of("_etcd-client._tcp.calico.test", port + " localhost."))) {
                assertThat(SrvDiscovery.endpoints("calico.test", dns.url())).containsExactly("http://localhost:" + port);
                Datastore d = EtcdDatastore.open(discover("calico.test"), dns.url());
                d.create("/calico/test/discovered", "1");
                assertThat(d.get("/calico/test/discovered")).isPresent();
                assertThatThrownBy(() -> EtcdDatastore.open(discover("nothing.test"), dns.url()))
                        .isInstanceOf(DatastoreException.Unavailable.class)
                        .hasMessage("cannot discover etcd endpoints for nothing.test: no _etcd-client-ssl._tcp or _etcd-client._tcp SRV records");
            }
        }
    }
}
