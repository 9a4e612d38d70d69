package dev.calicoctl.testsupport.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The label selector language, in process (the HTTP behaviour is in KubeApiServerPromisesTest). */
class KubeLabelSelectorTest {
  private static boolean matches(String selector, Map<String, String> labels) throws ApiError {
    return LabelSelector.parse(selector).matches(labels);
  }

  @Test
  void everyOperator() throws ApiError {
    Map<String, String> dev = Map.of("env", "dev", "projectcalico.org/ip-version", "4");
    assertThat(matches("", dev)).isTrue();
    assertThat(matches("env", dev)).isTrue();
    assertThat(matches("!env", dev)).isFalse();
    assertThat(matches("!tier", dev)).isTrue();
    assertThat(matches("env=dev", dev)).isTrue();
    assertThat(matches("env==dev", dev)).isTrue();
    assertThat(matches("env!=dev", dev)).isFalse();
    assertThat(matches("tier!=web", dev)).as("!= matches a missing key").isTrue();
    assertThat(matches("env in (prod, dev)", dev)).isTrue();
    assertThat(matches("env in (prod)", dev)).isFalse();
    assertThat(matches("env notin (prod)", dev)).isTrue();
    assertThat(matches("tier notin (web)", dev)).as("notin matches a missing key").isTrue();
    assertThat(matches("projectcalico.org/ip-version=4,env in (dev)", dev)).isTrue();
    assertThat(matches("projectcalico.org/ip-version=6,env in (dev)", dev)).isFalse();
    assertThat(matches(" env  in  ( dev ) , !tier ", dev)).isTrue();
  }

  @Test
  void malformedSelectorsAreBadRequests() {
    for (String bad : new String[] {"env in dev", "env in ()", "env in (a", "env ~ dev", "=dev", "env=dev,", "-bad=1"}) {
      assertThatThrownBy(() -> LabelSelector.parse(bad)).as(bad).isInstanceOfSatisfying(ApiError.class,
          e -> assertThat(e.code).isEqualTo(400));
    }
  }

  @Test
  void labelKeysAndValuesAsKubernetesValidatesThem() {
    assertThat(LabelSelector.keyProblem("projectcalico.org/hostname-hash")).isNull();
    assertThat(LabelSelector.keyProblem("app")).isNull();
    assertThat(LabelSelector.keyProblem("Upper.Prefix/app")).isNotNull();
    assertThat(LabelSelector.keyProblem("a".repeat(64))).isNotNull();
    assertThat(LabelSelector.valueProblem("")).isNull();
    assertThat(LabelSelector.valueProblem("A3XPYDATRKB7Q4SM2O5FN4RXIHBFIL2PITFX26BAIP5XAB2X74CA")).isNull();
    assertThat(LabelSelector.valueProblem("x".repeat(64))).contains("63");
    assertThat(LabelSelector.valueProblem("-x")).isNotNull();
  }
}
