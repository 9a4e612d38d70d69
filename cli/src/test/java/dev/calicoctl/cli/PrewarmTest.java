package dev.calicoctl.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrewarmTest {
    @Test
    void onlyCommandsThatOpenADatastoreArePrewarmed() {
        assertThat(Prewarm.needsDatastore(new String[]{"get", "ippools", "-o", "yaml"})).isTrue();
        assertThat(Prewarm.needsDatastore(new String[]{"ipam", "show"})).isTrue();
        assertThat(Prewarm.needsDatastore(new String[]{"version"})).isTrue();
        assertThat(Prewarm.needsDatastore(new String[]{"-l", "debug", "version"})).isTrue();
        assertThat(Prewarm.needsDatastore(new String[]{"version", "--client"})).isFalse();
        assertThat(Prewarm.needsDatastore(new String[]{"get", "--help"})).isFalse();
        assertThat(Prewarm.needsDatastore(new String[]{"validate", "-f", "x.yaml"})).isFalse();
        assertThat(Prewarm.needsDatastore(new String[]{"help"})).isFalse();
        assertThat(Prewarm.needsDatastore(new String[]{})).isFalse();
    }

    @Test
    void theDatastoreIsGuessedFromTheEnvironmentAsTheConfigurationReadsIt() {
        assertThat(Prewarm.store(Map.of())).isEqualTo(Prewarm.Store.LOCAL);
        assertThat(Prewarm.store(Map.of("DATASTORE_TYPE", "etcdv3"))).isEqualTo(Prewarm.Store.ETCD);
        assertThat(Prewarm.store(Map.of("ETCD_ENDPOINTS", "http://127.0.0.1:2379"))).isEqualTo(Prewarm.Store.ETCD);
        assertThat(Prewarm.store(Map.of("CALICO_DATASTORE_TYPE", "local", "DATASTORE_TYPE", "etcdv3"))).isEqualTo(Prewarm.Store.LOCAL);
        assertThat(Prewarm.store(Map.of("DATASTORE_TYPE", "kubernetes"))).isEqualTo(Prewarm.Store.NONE);
        assertThat(Prewarm.store(Map.of("KUBECONFIG", "/k"))).isEqualTo(Prewarm.Store.NONE);
    }
}
