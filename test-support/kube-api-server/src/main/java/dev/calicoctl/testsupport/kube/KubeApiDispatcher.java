package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wraps Fabric8's CRUD dispatcher so that the server keeps kube-apiserver's promises: it routes
 * every request itself, checks it as kube-apiserver does (authentication, scope, names,
 * resourceVersion and uid preconditions, selectors, paging, patches) and only then lets the CRUD
 * store read or write. One lock makes each check-then-write atomic, as etcd's transactions do.
 */
final class KubeApiDispatcher extends Dispatcher {
  private static final String GENERATE_NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CrudStore store;
  private final ResourceRegistry registry;
  private final Discovery discovery;
  private final ListPager pager = new ListPager();
  private final Tables tables = new Tables();
  private final OpenApi openApi;
  private final RequestMetrics metrics = new RequestMetrics();
  private final String token;
  private final String forbiddenToken;
  private final ReentrantLock lock = new ReentrantLock();

  KubeApiDispatcher(CrudStore store, ResourceRegistry registry, Discovery discovery, String token,
      String forbiddenToken) {
    this.store = store;
    this.registry = registry;
    this.discovery = discovery;
    this.openApi = new OpenApi(registry);
    this.token = token;
    this.forbiddenToken = forbiddenToken;
  }

  @Override
  public MockResponse dispatch(RecordedRequest recorded) {
    byte[] bytes = recorded.getBody() == null ? new byte[0] : recorded.getBody().getBytes();
    String contentType = recorded.getHeader("Content-Type");
    String body = new String(bytes, StandardCharsets.UTF_8);
    ApiError decodeError = null;
    if (contentType != null && contentType.toLowerCase().startsWith(ProtobufBody.MEDIA_TYPE) && bytes.length > 0) {
      try {
        body = ProtobufBody.toJson(bytes);
        contentType = "application/json";
      } catch (ApiError e) {
        decodeError = e;
      }
    }
    Request req = new Request(recorded.getMethod(), recorded.getPath(), recorded.getHeader("Accept"),
        contentType, recorded.getHeader("Authorization"), body);
    if (isWatch(req) && authFailure(req) == null) {
      // watches stream from Fabric8's dispatcher (WebSocket only)
      return store.dispatcher().dispatch(recorded);
    }
    MockResponse response;
    String resource = "";
    try {
      if (decodeError != null && authFailure(req) == null) {
        throw decodeError;
      }
      ApiError auth = authFailure(req);
      if (auth != null) {
        throw auth;
      }
      Route route = Route.parse(req, registry);
      resource = route == null ? "" : route.type().plural();
      lock.lock();
      try {
        response = route == null ? nonResource(req) : resource(req, route);
      } finally {
        lock.unlock();
      }
    } catch (ApiError e) {
      response = json(e.code, e.toStatus());
    } catch (RuntimeException e) {
      response = json(500, new ApiError(500, "InternalError", "Internal error occurred: " + e, null).toStatus());
    }
    metrics.count(req.method, resource, response.code());
    return response;
  }

  private static boolean isWatch(Request req) {
    String w = req.param("watch");
    return "GET".equals(req.method) && (w.equals("true") || w.equals("1"));
  }

  private ApiError authFailure(Request req) {
    String presented = null;
    if (req.authorization != null && req.authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = req.authorization.substring(7).trim();
    }
    if (forbiddenToken != null && forbiddenToken.equals(presented)) {
      return new ApiError(403, "Forbidden", "forbidden: User \"system:serviceaccount:default:forbidden\" cannot "
          + req.method.toLowerCase() + " path \"" + req.path + "\"", Json.MAPPER.createObjectNode());
    }
    if (token != null && !token.equals(presented)) {
      return new ApiError(401, "Unauthorized", "Unauthorized", null);
    }
    return null;
  }

  // ---- non-resource paths -------------------------------------------------------------------

  private MockResponse nonResource(Request req) throws ApiError {
    if (!req.method.equals("GET")) {
      throw ApiError.notFoundPath();
    }
    List<String> s = req.segments;
    String aggregated = Discovery.aggregatedVersion(req.accept);
    if (s.size() == 1 && s.get(0).equals("version")) {
      return json(200, discovery.version());
    }
    if (s.size() == 1 && (s.get(0).equals("healthz") || s.get(0).equals("livez") || s.get(0).equals("readyz"))) {
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain; charset=utf-8")
          .setBody("ok");
    }
    if (s.size() == 2 && s.get(0).equals("openapi") && s.get(1).equals("v3")) {
      return json(200, openApi.index());
    }
    if (s.size() == 4 && s.get(0).equals("openapi") && s.get(1).equals("v3") && s.get(2).equals("api")) {
      return jsonOrNotFound(openApi.groupVersion("", s.get(3)));
    }
    if (s.size() == 5 && s.get(0).equals("openapi") && s.get(1).equals("v3") && s.get(2).equals("apis")) {
      return jsonOrNotFound(openApi.groupVersion(s.get(3), s.get(4)));
    }
    if (s.size() == 1 && s.get(0).equals("metrics")) {
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain; version=0.0.4")
          .setBody(metrics.render());
    }
    if (s.size() == 1 && s.get(0).equals("api")) {
      return aggregated != null ? aggregatedJson(discovery.aggregated(true, aggregated), aggregated)
          : json(200, discovery.apiVersions());
    }
    if (s.size() == 1 && s.get(0).equals("apis")) {
      return aggregated != null ? aggregatedJson(discovery.aggregated(false, aggregated), aggregated)
          : json(200, discovery.groupList());
    }
    if (s.size() == 2 && s.get(0).equals("api")) {
      return jsonOrNotFound(discovery.resourceList("", s.get(1)));
    }
    if (s.size() == 2 && s.get(0).equals("apis")) {
      return jsonOrNotFound(discovery.group(s.get(1)));
    }
    if (s.size() == 3 && s.get(0).equals("apis")) {
      return jsonOrNotFound(discovery.resourceList(s.get(1), s.get(2)));
    }
    throw ApiError.notFoundPath();
  }

  private static MockResponse aggregatedJson(ObjectNode body, String version) {
    return new MockResponse().setResponseCode(200)
        .setHeader("Content-Type", version.equals("v2") ? Discovery.AGGREGATED_V2 : Discovery.AGGREGATED_V2BETA1)
        .setBody(Json.write(body));
  }

  private static MockResponse jsonOrNotFound(ObjectNode body) throws ApiError {
    if (body == null) {
      throw ApiError.notFoundPath();
    }
    return json(200, body);
  }

  // ---- resources --------------------------------------------------------------------------

  private MockResponse resource(Request req, Route r) throws ApiError {
    if (r.subresource() != null && !(r.subresource().equals("status") && r.type().statusSubresource())) {
      throw ApiError.notFoundPath();
    }
    boolean status = r.subresource() != null;
    if (!req.body.isEmpty() && !req.method.equals("PATCH") && !req.mediaType().isEmpty()
        && !req.mediaType().equals("application/json") && !req.mediaType().equals("*/*")) {
      throw ApiError.unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
    }
    switch (req.method) {
      case "GET" -> {
        if (r.name() == null) {
          return list(req, r);
        }
        ObjectNode obj = get(r);
        if (!status && Tables.wantsTable(req.accept)) {
          ListPager.Page one = new ListPager.Page(List.of(obj), Json.text(obj, "metadata", "resourceVersion"), null, 0);
          return json(200, tables.table(r.type(), one, req.param("includeObject")));
        }
        return json(200, obj);
      }
      case "POST" -> {
        if (r.name() != null) {
          throw ApiError.methodNotAllowed(req.method);
        }
        return withWarnings(json(201, create(req, r)), req);
      }
      case "PUT" -> {
        if (r.name() == null) {
          throw ApiError.methodNotAllowed(req.method);
        }
        return withWarnings(json(200, update(r, Json.readObject(req.body), status, false, req)), req);
      }
      case "PATCH" -> {
        if (r.name() == null) {
          throw ApiError.methodNotAllowed(req.method);
        }
        return withWarnings(json(200, patch(req, r, status)), req);
      }
      case "DELETE" -> {
        if (status) {
          throw ApiError.methodNotAllowed(req.method);
        }
        return r.name() == null ? deleteCollection(req, r) : delete(req, r);
      }
      default -> throw ApiError.methodNotAllowed(req.method);
    }
  }

  private ObjectNode get(Route r) throws ApiError {
    ObjectNode obj = store.get(r.type(), r.namespace(), r.name());
    if (obj == null) {
      throw ApiError.notFound(r.type(), r.name());
    }
    return obj;
  }

  private MockResponse list(Request req, Route r) throws ApiError {
    ResourceType type = r.type();
    LabelSelector labels = LabelSelector.parse(req.param("labelSelector"));
    FieldSelector fields = FieldSelector.parse(req.param("fieldSelector"), type);
    long limit = 0;
    if (!req.param("limit").isEmpty()) {
      try {
        limit = Long.parseLong(req.param("limit"));
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("invalid limit: " + req.param("limit"));
      }
    }
    String cont = req.param("continue");
    String rvParam = req.param("resourceVersion");
    String rvNow = store.currentResourceVersion();
    if (!cont.isEmpty() && !rvParam.isEmpty() && !rvParam.equals("0")) {
      throw ApiError.badRequest("specifying resource version is not allowed when using continue");
    }
    checkRequestedListVersion(rvParam, req.param("resourceVersionMatch"), rvNow);
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode obj : store.list(type, r.namespace())) {
      if (labels.matches(labelsOf(obj)) && fields.matches(obj)) {
        matching.add(obj);
      }
    }
    matching.sort(Comparator.comparing(ListPager::key));
    String listKey = type.collectionPath(r.namespace()) + "?" + req.param("labelSelector") + "&" + req.param("fieldSelector");
    ListPager.Page page = pager.page(listKey, matching, rvNow, limit, cont);
    if (Tables.wantsTable(req.accept)) {
      return json(200, tables.table(type, page, req.param("includeObject")));
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("kind", type.kind() + "List");
    out.put("apiVersion", type.apiVersion());
    ObjectNode meta = out.putObject("metadata");
    meta.put("resourceVersion", page.resourceVersion());
    if (page.continueToken() != null) {
      meta.put("continue", page.continueToken());
      if (req.param("labelSelector").isEmpty() && req.param("fieldSelector").isEmpty()) {
        meta.put("remainingItemCount", page.remaining());
      }
    }
    ArrayNode items = out.putArray("items");
    page.items().forEach(items::add);
    return json(200, out);
  }

  /** resourceVersion / resourceVersionMatch on a list, against a store that keeps only the newest state. */
  private static void checkRequestedListVersion(String rv, String match, String rvNow) throws ApiError {
    if (rv.isEmpty() || rv.equals("0")) {
      if (match.equals("Exact")) {
        throw ApiError.badRequest("resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
      }
      return;
    }
    long asked;
    try {
      asked = Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("invalid resource version: " + rv);
    }
    long now = Long.parseLong(rvNow.isEmpty() ? "0" : rvNow);
    if (asked > now) {
      throw new ApiError(504, "Timeout", "Too large resource version: " + asked + ", current: " + now,
          Json.MAPPER.createObjectNode());
    }
    if (match.equals("Exact") && asked != now) {
      throw ApiError.gone("The resourceVersion for the provided list is too old.");
    }
  }

  static Map<String, String> labelsOf(JsonNode obj) {
    Map<String, String> out = new LinkedHashMap<>();
    obj.path("metadata").path("labels").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private ObjectNode create(Request req, Route r) throws ApiError {
    ResourceType type = r.type();
    if (type.namespaced() && r.namespace() == null) {
      throw ApiError.methodNotAllowed(req.method);
    }
    ObjectNode obj = Json.readObject(req.body);
    checkTypeMeta(type, obj);
    ObjectNode meta = Json.metadata(obj);
    String name = Json.text(meta, "name");
    if (name.isEmpty()) {
      String prefix = Json.text(meta, "generateName");
      if (prefix.isEmpty()) {
        throw ApiError.invalid(type, "", "metadata.name", "FieldValueRequired",
            "Required value: name or generateName is required");
      }
      name = prefix + randomSuffix();
      meta.put("name", name);
    }
    checkName(type, name);
    checkLabels(type, name, meta);
    if (type.namespaced()) {
      String ns = Json.text(meta, "namespace");
      if (!ns.isEmpty() && !ns.equals(r.namespace())) {
        throw ApiError.badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.put("namespace", r.namespace());
      if (store.get(namespaceType(), null, r.namespace()) == null) {
        throw ApiError.notFound(namespaceType(), r.namespace());
      }
    } else {
      meta.remove("namespace");
    }
    if (!Json.text(meta, "resourceVersion").isEmpty()) {
      throw new ApiError(500, "InternalError", "Internal error occurred: resourceVersion should not be set on objects to be created", null);
    }
    if (store.get(type, r.namespace(), name) != null) {
      throw ApiError.alreadyExists(type, name);
    }
    for (String system : List.of("uid", "creationTimestamp", "generation", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields", "selfLink")) {
      meta.remove(system);
    }
    BuiltInRules.prepareForCreate(type, obj);
    if (type.custom()) {
      checkFields(req, type, CrdSchema.pruneAndDefault(type.schema(), obj));
      checkSchema(type, name, obj);
    }
    if (isDryRun(req)) {
      return obj;
    }
    ObjectNode created = store.create(type, r.namespace(), obj);
    if (type.kind().equals("CustomResourceDefinition")) {
      registry.putCrd(created);
    }
    return created;
  }

  /**
   * Server-side field validation: {@code fieldValidation=Strict} refuses unknown fields (400),
   * {@code Ignore} drops them silently, and the default {@code Warn} drops them with a warning.
   */
  private static void checkFields(Request req, ResourceType type, List<String> unknown) throws ApiError {
    if (unknown.isEmpty()) {
      return;
    }
    String mode = req.param("fieldValidation");
    if (mode.equals("Strict")) {
      StringBuilder sb = new StringBuilder();
      for (String f : unknown) {
        sb.append(sb.length() == 0 ? "" : ", ").append("unknown field \"").append(f).append('"');
      }
      throw ApiError.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
          + type.kind() + ": strict decoding error: " + sb);
    }
    if (!mode.equals("Ignore")) {
      unknown.forEach(f -> req.warnings.add("299 - \"unknown field \\\"" + f + "\\\"\""));
    }
  }

  private static void checkTypeMeta(ResourceType type, ObjectNode obj) throws ApiError {
    String apiVersion = Json.text(obj, "apiVersion");
    String kind = Json.text(obj, "kind");
    if (kind.isEmpty()) {
      if (type.custom()) {
        throw ApiError.badRequest("Object 'Kind' is missing in '" + Json.write(obj) + "'");
      }
      obj.put("kind", type.kind());
      kind = type.kind();
    }
    if (apiVersion.isEmpty()) {
      if (type.custom()) {
        throw ApiError.badRequest("Object 'apiVersion' is missing in '" + Json.write(obj) + "'");
      }
      obj.put("apiVersion", type.apiVersion());
      apiVersion = type.apiVersion();
    }
    if (!apiVersion.equals(type.apiVersion()) || !kind.equals(type.kind())) {
      throw ApiError.badRequest("the API version in the data (" + apiVersion + ") does not match the expected API version ("
          + type.apiVersion() + ")" + (kind.equals(type.kind()) ? "" : " or kind (" + kind + " is not " + type.kind() + ")"));
    }
  }

  /** DNS subdomain names (RFC 1123), as most types require; kube-apiserver answers 422. */
  private static void checkName(ResourceType type, String name) throws ApiError {
    if (name.length() > 253 || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
      throw ApiError.invalid(type, name, "metadata.name", "FieldValueInvalid", "Invalid value: \"" + name
          + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
          + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation "
          + "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }
  }

  /** Label keys and values as kube-apiserver validates them (422 on the first bad one). */
  private static void checkLabels(ResourceType type, String name, ObjectNode meta) throws ApiError {
    JsonNode labels = meta.path("labels");
    if (!labels.isObject()) {
      return;
    }
    for (var it = labels.fields(); it.hasNext();) {
      var e = it.next();
      String key = e.getKey();
      String value = e.getValue().isNull() ? "" : e.getValue().asText();
      String why = LabelSelector.keyProblem(key);
      if (why != null) {
        throw ApiError.invalid(type, name, "metadata.labels", "FieldValueInvalid",
            "Invalid value: \"" + key + "\": " + why);
      }
      why = LabelSelector.valueProblem(value);
      if (why != null) {
        throw ApiError.invalid(type, name, "metadata.labels", "FieldValueInvalid",
            "Invalid value: \"" + value + "\": " + why);
      }
    }
  }

  private static String randomSuffix() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append(GENERATE_NAME_CHARS.charAt(RANDOM.nextInt(GENERATE_NAME_CHARS.length())));
    }
    return sb.toString();
  }

  private static boolean isDryRun(Request req) {
    return req.param("dryRun").equals("All");
  }

  private ResourceType namespaceType() {
    return registry.find("", "v1", "namespaces");
  }

  /**
   * PUT (and the write half of PATCH). {@code fromPatch}: the body was computed from the stored
   * object, so an absent resourceVersion means "unconditional" rather than "missing".
   */
  private ObjectNode update(Route r, ObjectNode body, boolean status, boolean fromPatch, Request req) throws ApiError {
    ResourceType type = r.type();
    checkTypeMeta(type, body);
    ObjectNode meta = Json.metadata(body);
    String name = Json.text(meta, "name");
    if (!name.isEmpty() && !name.equals(r.name())) {
      throw ApiError.badRequest("the name of the object (" + name + ") does not match the name on the URL (" + r.name() + ")");
    }
    String ns = Json.text(meta, "namespace");
    if (type.namespaced() && !ns.isEmpty() && !ns.equals(r.namespace())) {
      throw ApiError.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    checkLabels(type, r.name(), meta);
    ObjectNode current = store.get(type, r.namespace(), r.name());
    if (current == null) {
      throw ApiError.notFound(type, r.name());
    }
    ObjectNode curMeta = Json.metadata(current);
    String rv = Json.text(meta, "resourceVersion");
    if (rv.isEmpty()) {
      if (type.custom() && !fromPatch) {
        throw ApiError.invalid(type, r.name(), "metadata.resourceVersion", "FieldValueInvalid",
            "Invalid value: 0x0: must be specified for an update");
      }
    } else if (!rv.equals(Json.text(curMeta, "resourceVersion"))) {
      throw ApiError.staleResourceVersion(type, r.name());
    }
    String uid = Json.text(meta, "uid");
    if (!uid.isEmpty() && !uid.equals(Json.text(curMeta, "uid"))) {
      throw ApiError.conflict(type, r.name(), "Precondition failed: UID in precondition: " + uid
          + ", UID in object meta: " + Json.text(curMeta, "uid"));
    }
    ObjectNode next;
    if (status) {
      next = current.deepCopy();
      if (body.has("status")) {
        next.set("status", body.get("status"));
      } else {
        next.remove("status");
      }
    } else {
      next = body;
      if (type.statusSubresource()) {
        // the main resource ignores status when a status subresource exists
        if (current.has("status")) {
          next.set("status", current.get("status"));
        } else {
          next.remove("status");
        }
      }
      if (type.custom()) {
        checkFields(req, type, CrdSchema.pruneAndDefault(type.schema(), next));
      }
    }
    if (type.custom()) {
      checkSchema(type, r.name(), next);
      List<CrdValidator.FieldError> immutable = CrdValidator.validateTransition(type.schema(), next, current);
      if (!immutable.isEmpty()) {
        throw ApiError.invalid(type, r.name(), immutable);
      }
    }
    ObjectNode nextMeta = Json.metadata(next);
    nextMeta.put("name", r.name());
    if (type.namespaced()) {
      nextMeta.put("namespace", r.namespace());
    } else {
      nextMeta.remove("namespace");
    }
    nextMeta.put("resourceVersion", Json.text(curMeta, "resourceVersion"));
    for (String kept : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
        "generation")) {
      if (curMeta.has(kept)) {
        nextMeta.set(kept, curMeta.get(kept));
      } else {
        nextMeta.remove(kept);
      }
    }
    if (isDryRun(req)) {
      return next;
    }
    if (next.equals(current)) {
      // kube-apiserver writes nothing (and keeps the resourceVersion) when nothing changed
      return current;
    }
    boolean storeStatusPath = status && type.custom();
    ObjectNode stored = store.replace(type, r.namespace(), r.name(), next, storeStatusPath);
    if (type.kind().equals("CustomResourceDefinition")) {
      registry.putCrd(stored == null ? next : stored);
    }
    return stored == null ? next : stored;
  }

  private static void checkSchema(ResourceType type, String name, ObjectNode obj) throws ApiError {
    List<CrdValidator.FieldError> errors = CrdValidator.validate(type.schema(), obj);
    if (!errors.isEmpty()) {
      throw ApiError.invalid(type, name, errors);
    }
  }

  private ObjectNode patch(Request req, Route r, boolean status) throws ApiError {
    ObjectNode current = store.get(r.type(), r.namespace(), r.name());
    if (current == null) {
      throw ApiError.notFound(r.type(), r.name());
    }
    ObjectNode patched = Patches.apply(r.type(), current, req.mediaType(), req.body);
    return update(r, patched, status, true, req);
  }

  private MockResponse delete(Request req, Route r) throws ApiError {
    ResourceType type = r.type();
    ObjectNode current = store.get(type, r.namespace(), r.name());
    if (current == null) {
      throw ApiError.notFound(type, r.name());
    }
    ObjectNode options = req.body.isBlank() ? Json.MAPPER.createObjectNode() : Json.readObject(req.body);
    JsonNode pre = options.path("preconditions");
    ObjectNode curMeta = Json.metadata(current);
    String uid = pre.path("uid").isTextual() ? pre.path("uid").asText() : "";
    if (!uid.isEmpty() && !uid.equals(Json.text(curMeta, "uid"))) {
      throw ApiError.conflict(type, r.name(), "Precondition failed: UID in precondition: " + uid
          + ", UID in object meta: " + Json.text(curMeta, "uid"));
    }
    String rv = pre.path("resourceVersion").isTextual() ? pre.path("resourceVersion").asText() : "";
    if (!rv.isEmpty() && !rv.equals(Json.text(curMeta, "resourceVersion"))) {
      throw ApiError.conflict(type, r.name(), "Precondition failed: ResourceVersion in precondition: " + rv
          + ", ResourceVersion in object meta: " + Json.text(curMeta, "resourceVersion"));
    }
    if (isDryRun(req)) {
      return json(200, current);
    }
    ObjectNode after = remove(type, r.namespace(), r.name(), current);
    if (after != null) {
      return json(200, after);
    }
    if (BuiltInRules.returnsDeletedObject(type)) {
      if (type.kind().equals("Namespace")) {
        Json.metadata(current).put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ((ObjectNode) current.with("status")).put("phase", "Terminating");
      }
      return json(200, current);
    }
    ObjectNode ok = Json.MAPPER.createObjectNode();
    ok.put("kind", "Status");
    ok.put("apiVersion", "v1");
    ok.putObject("metadata");
    ok.put("status", "Success");
    ObjectNode details = ok.putObject("details");
    details.put("name", r.name());
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.plural());
    details.put("uid", Json.text(curMeta, "uid"));
    return json(200, ok);
  }

  /**
   * Removes an object, or only marks it (deletionTimestamp) while finalizers remain, returning the
   * marked object then (null when it is gone). Deleting a Namespace also deletes what is in it,
   * as the namespace controller would.
   */
  private ObjectNode remove(ResourceType type, String namespace, String name, ObjectNode current) {
    JsonNode finalizers = current.path("metadata").path("finalizers");
    if (finalizers.isArray() && !finalizers.isEmpty()) {
      ObjectNode meta = Json.metadata(current);
      if (!meta.has("deletionTimestamp")) {
        ObjectNode marked = current.deepCopy();
        Json.metadata(marked).put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Json.metadata(marked).put("deletionGracePeriodSeconds", 0);
        return store.replace(type, namespace, name, marked, false);
      }
      return current;
    }
    if (type.kind().equals("Namespace")) {
      for (ResourceType t : registry.all()) {
        if (t.namespaced()) {
          for (ObjectNode o : store.list(t, name)) {
            store.delete(t, name, Json.text(o, "metadata", "name"));
          }
        }
      }
    }
    if (type.kind().equals("CustomResourceDefinition")) {
      // the custom resources go with their definition
      for (ResourceType t : ResourceRegistry.fromCrd(current)) {
        for (ObjectNode o : store.list(t, null)) {
          String ns = Json.text(o, "metadata", "namespace");
          store.delete(t, ns.isEmpty() ? null : ns, Json.text(o, "metadata", "name"));
        }
      }
    }
    store.delete(type, namespace, name);
    if (type.kind().equals("CustomResourceDefinition")) {
      registry.removeCrd(name);
    }
    return null;
  }

  private MockResponse deleteCollection(Request req, Route r) throws ApiError {
    ResourceType type = r.type();
    LabelSelector labels = LabelSelector.parse(req.param("labelSelector"));
    FieldSelector fields = FieldSelector.parse(req.param("fieldSelector"), type);
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("kind", type.kind() + "List");
    out.put("apiVersion", type.apiVersion());
    ObjectNode meta = out.putObject("metadata");
    ArrayNode items = out.putArray("items");
    List<ObjectNode> all = store.list(type, r.namespace());
    all.sort(Comparator.comparing(ListPager::key));
    for (ObjectNode obj : all) {
      if (labels.matches(labelsOf(obj)) && fields.matches(obj)) {
        if (!isDryRun(req)) {
          ObjectNode after = remove(type, Json.text(obj, "metadata", "namespace").isEmpty() ? null
              : Json.text(obj, "metadata", "namespace"), Json.text(obj, "metadata", "name"), obj);
          items.add(after != null ? after : obj);
        } else {
          items.add(obj);
        }
      }
    }
    meta.put("resourceVersion", store.currentResourceVersion());
    return json(200, out);
  }

  private static MockResponse withWarnings(MockResponse response, Request req) {
    req.warnings.forEach(w -> response.addHeader("Warning", w));
    return response;
  }

  static MockResponse json(int code, JsonNode body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(Json.write(Objects.requireNonNull(body)));
  }
}
