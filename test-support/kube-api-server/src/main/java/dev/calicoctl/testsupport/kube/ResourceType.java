package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One kind of object the server serves at {@code /api[s]/<group>/<version>/<plural>}.
 *
 * @param custom true for types defined by a CustomResourceDefinition (they refuse unconditional
 *     updates and strategic merge patches, as kube-apiserver's CR handler does)
 * @param printerColumns the CRD's additionalPrinterColumns (an array, possibly empty)
 * @param schema the CRD version's openAPIV3Schema, or a missing node
 */
record ResourceType(String group, String version, String plural, String singular, String kind, boolean namespaced,
    List<String> shortNames, List<String> categories, boolean statusSubresource, boolean custom,
    JsonNode printerColumns, JsonNode schema) {

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code ippools.crd.projectcalico.org}, or {@code namespaces} for the core group: how messages name it. */
  String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** The collection path for a namespace, or the cluster-wide one when {@code namespace} is null. */
  String collectionPath(String namespace) {
    String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    return namespaced && namespace != null ? base + "/namespaces/" + namespace + "/" + plural : base + "/" + plural;
  }

  String objectPath(String namespace, String name) {
    return collectionPath(namespace) + "/" + name;
  }
}
