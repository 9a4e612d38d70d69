package dev.calicoctl.datastore.etcd;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.model.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Range answers read as a tree (QuickJson, else Jackson's tree) agree with the field-by-field streaming reading they replaced. */
class EtcdRangeAnswerTest {
    private static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void treeAndStreamingReadingsAgree() {
        List<String> answers = new ArrayList<>(List.of(
                "{\"header\":{\"cluster_id\":\"1\",\"member_id\":\"2\",\"revision\":\"7\",\"raft_term\":\"3\"}}",
                "{\"header\":{\"revision\":\"9\"},\"kvs\":[{\"key\":\"" + b64("/calico/a") + "\",\"create_revision\":\"4\",\"mod_revision\":\"8\",\"version\":\"2\",\"value\":\"" + b64("{\"x\":1}") + "\"}],\"count\":\"1\"}",
                "{\"header\":{\"revision\":\"9\"},\"kvs\":[{\"key\":\"" + b64("/k") + "\",\"mod_revision\":\"3\"}],\"more\":true,\"count\":\"5\"}",
                "{\"header\":{\"revision\":\"9\"},\"more\":false,\"extra\":[1,2,{\"a\":null}],\"kvs\":[]}",
                " {\n \"kvs\" : [ { \"value\" : \"" + b64("é ✓ \\u00e9") + "\" , \"key\" : \"" + b64("/ü") + "\" } ] } "));
        // large answers go past QuickJson's stored-value limit: still the same reading
        Random r = new Random(7);
        for (int size : new int[]{10, 200, 3_000}) {
            StringBuilder sb = new StringBuilder("{\"header\":{\"revision\":\"" + size + "\"},\"kvs\":[");
            for (int i = 0; i < size; i++) {
                if (i > 0) sb.append(',');
                String value = "{\"spec\":{\"cidr\":\"10." + r.nextInt(256) + ".0.0/24\",\"n\":" + r.nextInt() + "}}";
                sb.append("{\"key\":\"").append(b64("/calico/resources/v3/projectcalico.org/ippools/p" + i)).append("\",\"mod_revision\":\"")
                        .append(r.nextInt(1_000_000)).append("\",\"value\":\"").append(b64(value)).append("\"}");
            }
            answers.add(sb.append("],\"more\":").append(size == 200).append("}").toString());
        }
        // and what QuickJson leaves to Jackson (a fraction in an unknown field)
        answers.add("{\"header\":{\"revision\":\"1\",\"load\":0.5},\"kvs\":[{\"key\":\"" + b64("/k") + "\",\"mod_revision\":\"1\"}]}");
        for (String a : answers) {
            EtcdDatastore.Range tree = EtcdDatastore.parseRange(a), stream = streaming(a);
            assertThat(tree.kvs()).as(a).isEqualTo(stream.kvs());
            assertThat(tree.more()).isEqualTo(stream.more());
            assertThat(tree.revision()).isEqualTo(stream.revision());
        }
        assertThat(EtcdDatastore.parseRange(answers.get(1)).kvs()).containsExactly(new KeyValue("/calico/a", "{\"x\":1}", 8));
    }

    @Test
    void aBrokenAnswerIsOneLineUnavailable() {
        assertThatThrownBy(() -> EtcdDatastore.parseRange("{\"kvs\":[")).isInstanceOf(DatastoreException.Unavailable.class)
                .hasMessageStartingWith("unreadable answer from etcd: ").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> EtcdDatastore.parseRange("{\"kvs\":[{\"key\":7}]}")).isInstanceOf(DatastoreException.Unavailable.class);
        assertThatThrownBy(() -> EtcdDatastore.parseRange("{\"header\":{\"revision\":\"x\"}}")).isInstanceOf(DatastoreException.Unavailable.class);
    }

    /** The streaming reading parseRange had before (Jackson's parser, field by field). */
    static EtcdDatastore.Range streaming(String json) {
        List<KeyValue> out = new ArrayList<>();
        boolean more = false;
        long revision = 0;
        try (JsonParser p = Json.parser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals("kvs") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String k = null, v = "";
                        long rev = 0;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String kf = p.currentName();
                            p.nextToken();
                            switch (kf) {
                                case "key" -> k = EtcdRequests.unb64(p.getText());
                                case "value" -> v = EtcdRequests.unb64(p.getText());
                                case "mod_revision" -> rev = Long.parseLong(p.getText());
                                default -> p.skipChildren();
                            }
                        }
                        out.add(new KeyValue(k, v, rev));
                    }
                } else if (f.equals("more")) {
                    more = t == JsonToken.VALUE_TRUE;
                } else if (f.equals("header") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String hf = p.currentName();
                        p.nextToken();
                        if (hf.equals("revision")) revision = Long.parseLong(p.getText());
                        else p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new DatastoreException.Unavailable("unreadable answer from etcd: " + e.getMessage());
        }
        return new EtcdDatastore.Range(out, more, revision);
    }
}
