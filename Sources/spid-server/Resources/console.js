// The API testing console of spid-server (/console): one form per operation of /openapi.json,
// sent with the key typed into the page, the answer shown as text, and a 202's operation
// watched until it ends; the request on the form is shown as code in ten languages, written by
// the server (POST /console/samples, without the key). Plain JavaScript, no dependencies. Everything the service sends is
// shown with textContent, never parsed as HTML; the key is kept in sessionStorage at most and
// is never put in a URL or logged.
"use strict";

(function () {
  const KEY_STORE = "spid-console.key";
  const ENDPOINT_STORE = "spid-console.endpoint";
  const LANGUAGE_STORE = "spid-console.language";
  const REQUEST_TIMEOUT_MS = 120000;
  const WATCH = { defaultWait: 1, minWait: 0.2, maxWait: 30, maxRetries: 5 };
  const REASONS = {
    200: "OK", 202: "Accepted", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
    404: "Not Found", 405: "Method Not Allowed", 408: "Request Timeout", 413: "Payload Too Large",
    415: "Unsupported Media Type", 429: "Too Many Requests", 500: "Internal Server Error",
    502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
  };

  const $ = (id) => document.getElementById(id);
  const spec = { document: null, operations: [] };
  const remembered = {};  // parameter name -> last value typed or learned from an answer
  let current = null;     // the operation whose form is shown
  let watcher = null;     // the running watch, if any
  let samples = null;     // the code samples of the form's request, once asked for

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function show(node, visible) { node.hidden = !visible; }

  function setError(node, text) {
    node.textContent = text || "";
    show(node, Boolean(text));
  }

  // --- The OpenAPI document ---------------------------------------------------------------

  function resolve(value) {
    let seen = 0;
    while (value && typeof value.$ref === "string" && seen++ < 16) {
      const parts = value.$ref.replace(/^#\//, "").split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
      value = parts.reduce((node, part) => (node ? node[part] : undefined), spec.document);
    }
    return value;
  }

  function operationsOf(document) {
    const operations = [];
    for (const [path, item] of Object.entries(document.paths || {})) {
      const shared = (item.parameters || []).map(resolve);
      for (const method of ["get", "post", "put", "patch", "delete"]) {
        const operation = item[method];
        if (!operation) continue;
        const own = (operation.parameters || []).map(resolve);
        const names = new Set(own.map((p) => p.in + ":" + p.name));
        const parameters = shared.filter((p) => !names.has(p.in + ":" + p.name)).concat(own)
          .filter((p) => p && (p.in === "path" || p.in === "query"));
        operations.push({
          id: operation.operationId || method + " " + path,
          method: method.toUpperCase(), path, parameters,
          summary: operation.summary || path,
          description: operation.description || "",
          tag: (operation.tags && operation.tags[0]) || "Operations",
          body: resolve(operation.requestBody) || null,
        });
      }
    }
    return operations;
  }

  // The body the form offers: JSON (prefilled from the example) or a binary upload.
  function bodyKind(body) {
    if (!body || !body.content) return null;
    const types = Object.keys(body.content);
    const binary = types.filter((t) => {
      const schema = resolve(body.content[t].schema) || {};
      return schema.format === "binary" && !t.startsWith("multipart/");
    });
    if (binary.length) {
      return { kind: "file", contentType: binary.includes("application/octet-stream") ? "application/octet-stream" : binary[0] };
    }
    const json = types.find((t) => /json/.test(t));
    if (json) {
      const media = body.content[json];
      let example = media.example;
      if (example === undefined && media.examples) {
        const first = Object.values(media.examples)[0];
        example = first && resolve(first).value;
      }
      if (example === undefined) example = (resolve(media.schema) || {}).example;
      return { kind: "json", contentType: json, example: example === undefined ? {} : example };
    }
    return null;
  }

  // --- The operation list and forms --------------------------------------------------------

  function renderNavigation() {
    const nav = $("operations");
    nav.replaceChildren();
    let tag = null;
    for (const operation of spec.operations) {
      if (operation.tag !== tag) {
        tag = operation.tag;
        nav.append(element("h3", tag));
      }
      const button = element("button");
      button.type = "button";
      button.dataset.operation = operation.id;
      button.append(element("span", operation.method, "method"), document.createTextNode(operation.summary.replace(/^.*? – /, "")));
      button.title = operation.method + " " + operation.path;
      button.addEventListener("click", () => select(operation));
      nav.append(button);
    }
  }

  function placeholder(parameter) {
    const schema = resolve(parameter.schema) || {};
    if (schema.type === "array") return "comma-separated";
    if (schema.$ref || schema.format === "uuid" || /ProfileId|operationId/.test(parameter.name)) return "00000000-0000-0000-0000-000000000000";
    return schema.type || "";
  }

  function select(operation) {
    current = operation;
    for (const button of $("operations").querySelectorAll("button")) {
      button.classList.toggle("selected", button.dataset.operation === operation.id);
    }
    $("operation-title").textContent = operation.summary;
    $("operation-line").textContent = operation.method + " " + operation.path;
    $("operation-description").textContent = operation.description.split("\n\n")[0].replace(/`/g, "");
    const list = $("parameters");
    list.replaceChildren();
    for (const parameter of operation.parameters) {
      const row = element("div", null, "parameter");
      const id = "parameter-" + parameter.in + "-" + parameter.name;
      const label = element("label");
      label.htmlFor = id;
      label.append(document.createTextNode(parameter.name + " "));
      if (parameter.required) label.append(element("span", "*", "required"));
      label.append(element("span", " " + parameter.in, "where"));
      const schema = resolve(parameter.schema) || {};
      let input;
      if (schema.type === "boolean") {
        input = element("select");
        for (const value of ["", "true", "false"]) {
          const option = element("option", value || "(not sent)");
          option.value = value;
          input.append(option);
        }
      } else {
        input = element("input");
        input.type = "text";
        input.spellcheck = false;
        input.autocomplete = "off";
        input.placeholder = placeholder(parameter);
      }
      input.id = id;
      input.name = parameter.name;
      input.dataset.in = parameter.in;
      if (parameter.description) input.title = parameter.description;
      const known = remembered[parameter.name] ??
        (parameter.name === "identificationProfileIds" ? remembered.identificationProfileId : undefined);
      if (known !== undefined) input.value = known;
      input.addEventListener("input", () => { remembered[parameter.name] = input.value; });
      input.addEventListener("change", () => { remembered[parameter.name] = input.value; });
      row.append(label, input);
      list.append(row);
    }
    const body = bodyKind(operation.body);
    operation.bodyKind = body;
    show($("body-editor"), body && body.kind === "json");
    show($("body-file"), body && body.kind === "file");
    if (body && body.kind === "json") {
      $("body-type").textContent = body.contentType;
      $("body-json").value = JSON.stringify(body.example, null, 2);
    }
    if (body && body.kind === "file") {
      $("audio-type").textContent = body.contentType;
      $("audio-file").value = "";
      setError($("audio-note"), "");
    }
    setError($("form-error"), "");
    show($("operation-form"), true);
    samples = null;
    show($("code"), false);
  }

  // --- Code samples ------------------------------------------------------------------------

  // The request the form would send, without the key: what the server writes as code.
  function sampleRequest(operation) {
    const request = { method: operation.method, url: requestURL(operation) };
    const body = operation.bodyKind;
    if (body && body.kind === "json") request.body = $("body-json").value;
    if (body && body.kind === "file") {
      const file = $("audio-file").files[0];
      request.audioFile = file ? file.name : "audio.wav";
    }
    return request;
  }

  async function showCode() {
    if (!current) return;
    show($("code"), true);
    setError($("code-error"), "");
    $("code-text").textContent = "";
    $("code-note").textContent = "";
    let request;
    try {
      request = sampleRequest(current);
    } catch (error) {
      return setError($("code-error"), error.message);
    }
    try {
      const response = await fetch(location.origin + "/console/samples", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request), cache: "no-store",
      });
      const json = parse(await response.text());
      if (!response.ok || !json || !Array.isArray(json.samples)) {
        return setError($("code-error"), "No code for this request: " + (errorLine(json) || statusText(response.status)));
      }
      samples = json.samples;
      renderCode();
    } catch (error) {
      setError($("code-error"), "Could not ask " + location.origin + " for the code: " + (error.message || error));
    }
  }

  function renderCode() {
    const select = $("code-language");
    if (!samples || !samples.length) return;
    if (!select.options.length) {
      for (const sample of samples) {
        const option = element("option", sample.title);
        option.value = sample.language;
        select.append(option);
      }
      let saved = null;
      try { saved = sessionStorage.getItem(LANGUAGE_STORE); } catch (error) { /* storage may be off */ }
      select.value = samples.some((s) => s.language === saved) ? saved : samples[0].language;
    }
    const sample = samples.find((s) => s.language === select.value) || samples[0];
    $("code-text").textContent = sample.code;
    $("code-note").textContent = "Save as " + sample.fileName + ". It reads the key from the environment (SPID_KEY): the key typed here is not in it.";
  }

  async function copyCode() {
    try {
      await navigator.clipboard.writeText($("code-text").textContent);
      $("code-note").textContent = "Copied.";
    } catch (error) {
      setError($("code-error"), "The browser would not copy (" + (error.message || error) + "); select the text instead.");
    }
  }

  // --- Sending -----------------------------------------------------------------------------

  function endpoint() {
    return $("endpoint").value.trim().replace(/\/+$/, "");
  }

  function requestURL(operation) {
    let path = operation.path;
    const query = new URLSearchParams();
    for (const input of $("parameters").querySelectorAll("input, select")) {
      const value = input.value.trim();
      const parameter = operation.parameters.find((p) => p.name === input.name && p.in === input.dataset.in);
      if (input.dataset.in === "path") {
        if (!value) throw new Error("Fill in " + input.name + " (a path parameter).");
        path = path.replace("{" + input.name + "}", encodeURIComponent(value));
      } else if (value) {
        query.set(input.name, value);
      } else if (parameter && parameter.required) {
        throw new Error("Fill in " + input.name + " (a required query parameter).");
      }
    }
    const base = endpoint();
    if (!/^https?:\/\/[^/]/i.test(base)) throw new Error("The endpoint must be an http:// or https:// URL, e.g. " + location.origin + "/spid/v1.0.");
    const text = query.toString();
    return base + path + (text ? "?" + text.replace(/%2C/gi, ",") : "");
  }

  function keyHeaders() {
    const headers = {};
    const key = $("key").value.trim();
    if (key) headers["Ocp-Apim-Subscription-Key"] = key;
    return headers;
  }

  async function requestBody(operation, headers) {
    const body = operation.bodyKind;
    if (!body) return undefined;
    if (body.kind === "json") {
      const text = $("body-json").value;
      headers["Content-Type"] = body.contentType;
      return text;
    }
    const file = $("audio-file").files[0];
    if (!file) throw new Error("Choose a WAV file to upload.");
    headers["Content-Type"] = body.contentType;
    return file;
  }

  async function checkWave(file) {
    const note = $("audio-note");
    if (!file) return setError(note, "");
    const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
    const tag = (from) => String.fromCharCode(...head.slice(from, from + 4));
    const isWave = head.length === 12 && tag(0) === "RIFF" && tag(8) === "WAVE";
    setError(note, isWave ? "" : "This file does not start with a RIFF/WAVE header; the service will likely refuse it.");
  }

  // fetch with a time limit; a network failure becomes an Error saying what could not be reached.
  async function send(url, options, signal) {
    const controller = new AbortController();
    const abort = () => controller.abort();
    if (signal) signal.addEventListener("abort", abort, { once: true });
    const timer = setTimeout(abort, REQUEST_TIMEOUT_MS);
    try {
      return await fetch(url, { ...options, signal: controller.signal, cache: "no-store", referrerPolicy: "no-referrer" });
    } catch (error) {
      if (signal && signal.aborted) throw error;
      const why = controller.signal.aborted ? "no answer within " + REQUEST_TIMEOUT_MS / 1000 + " s" : String(error.message || error);
      throw new Error("Could not reach " + url.split("?")[0] + ": " + why +
        ". Check the endpoint, that the service is running, and that it allows this page's origin (CORS).");
    } finally {
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", abort);
    }
  }

  function statusText(status) {
    return status + " " + (REASONS[status] || "");
  }

  function statusClass(status) {
    return status < 300 ? "status ok" : status < 400 ? "status pending" : "status bad";
  }

  function parse(text) {
    try { return text ? JSON.parse(text) : undefined; } catch (error) { return undefined; }
  }

  function errorLine(json) {
    const failure = json && (json.error || json);
    if (failure && typeof failure === "object" && (failure.code || failure.message)) {
      return [failure.code, failure.message].filter(Boolean).join(": ");
    }
    return "";
  }

  function learn(json) {
    if (!json || typeof json !== "object") return;
    for (const name of ["identificationProfileId", "verificationProfileId"]) {
      if (typeof json[name] === "string") {
        remembered[name] = json[name];
        if (name === "identificationProfileId") remembered.identificationProfileIds = json[name];
      }
    }
  }

  async function submit(event) {
    event.preventDefault();
    if (!current) return;
    const operation = current;
    const button = $("send");
    setError($("form-error"), "");
    let url;
    const headers = keyHeaders();
    let body;
    try {
      url = requestURL(operation);
      body = await requestBody(operation, headers);
    } catch (error) {
      return setError($("form-error"), error.message);
    }
    saveSettings();
    button.disabled = true;
    show($("response"), true);
    $("response-status").textContent = "sending…";
    $("response-status").className = "status pending";
    $("response-timing").textContent = "";
    $("response-url").textContent = operation.method + " " + url;
    setError($("response-error"), "");
    $("response-headers").replaceChildren();
    $("response-body").textContent = "";
    const started = performance.now();
    try {
      const response = await send(url, { method: operation.method, headers, body });
      const text = await response.text();
      const elapsed = performance.now() - started;
      $("response-status").textContent = statusText(response.status);
      $("response-status").className = statusClass(response.status);
      $("response-timing").textContent = Math.round(elapsed) + " ms";
      const list = $("response-headers");
      for (const [name, value] of response.headers) list.append(element("dt", name), element("dd", value));
      const json = parse(text);
      $("response-body").textContent = json !== undefined ? JSON.stringify(json, null, 2) : (text || "(empty body)");
      if (response.status >= 400) {
        setError($("response-error"), errorLine(json) || statusText(response.status) + (text ? "" : " (no body)"));
      }
      learn(json);
      const location = response.headers.get("Operation-Location");
      if (response.status === 202) {
        if (location) startWatch(location, response.headers.get("Retry-After"));
        else setError($("response-error"), "202 without an Operation-Location header (is it exposed by CORS?).");
      }
    } catch (error) {
      $("response-status").textContent = "no answer";
      $("response-status").className = "status bad";
      $("response-timing").textContent = Math.round(performance.now() - started) + " ms";
      setError($("response-error"), error.message);
    } finally {
      button.disabled = false;
    }
  }

  // --- Watching an operation ---------------------------------------------------------------

  // Retry-After as seconds (integer seconds or an HTTP-date), clamped; the default when absent.
  function retryAfter(value) {
    let seconds = WATCH.defaultWait;
    if (value) {
      const trimmed = value.trim();
      if (/^\d+(\.\d+)?$/.test(trimmed)) seconds = Number(trimmed);
      else if (!Number.isNaN(Date.parse(trimmed))) seconds = (Date.parse(trimmed) - Date.now()) / 1000;
    }
    return Math.min(WATCH.maxWait, Math.max(WATCH.minWait, seconds));
  }

  function pause(seconds, signal) {
    return new Promise((done) => {
      const timer = setTimeout(done, seconds * 1000);
      signal.addEventListener("abort", () => { clearTimeout(timer); done(); }, { once: true });
    });
  }

  function watchLog(text) {
    $("watch-log").append(element("li", new Date().toLocaleTimeString() + "  " + text));
  }

  function watchState(text, className) {
    $("watch-state").textContent = text;
    $("watch-state").className = className;
  }

  function showResult(result) {
    const list = $("watch-result");
    list.replaceChildren();
    if (!result || typeof result !== "object") return;
    const labels = {
      enrollmentStatus: "Enrollment status", enrollmentSpeechTime: "Enrollment speech (s)",
      remainingEnrollmentSpeechTime: "Remaining speech (s)", speechTime: "Speech in this audio (s)",
      identifiedProfileId: "Identified profile", confidence: "Confidence",
    };
    const keys = Object.keys(labels).filter((k) => k in result).concat(Object.keys(result).filter((k) => !(k in labels)));
    for (const key of keys) {
      const value = result[key];
      const dd = element("dd", typeof value === "object" ? JSON.stringify(value) : value);
      dd.dataset.field = key;
      list.append(element("dt", labels[key] || key), dd);
    }
  }

  function stopWatch() {
    if (watcher) watcher.abort();
  }

  function startWatch(location, firstWait) {
    stopWatch();
    const controller = new AbortController();
    watcher = controller;
    show($("watch"), true);
    $("watch-location").textContent = location;
    $("watch-log").replaceChildren();
    $("watch-result").replaceChildren();
    setError($("watch-error"), "");
    $("watch-stop").disabled = false;
    watchState("watching…", "status pending");
    const headers = keyHeaders();
    watch(location, headers, retryAfter(firstWait), controller.signal).finally(() => {
      if (watcher === controller) watcher = null;
      $("watch-stop").disabled = true;
    });
  }

  async function watch(location, headers, wait, signal) {
    let last = null;
    let retries = 0;
    await pause(wait, signal);
    while (!signal.aborted) {
      let response;
      let text;
      try {
        response = await send(location, { method: "GET", headers }, signal);
        text = await response.text();
      } catch (error) {
        if (signal.aborted) break;
        return finish("unreachable", "status bad", error.message);
      }
      const json = parse(text);
      if (response.status === 429 || response.status >= 500) {
        if (++retries > WATCH.maxRetries) {
          return finish("gave up", "status bad", statusText(response.status) + " " + errorLine(json) + " — gave up after " + WATCH.maxRetries + " retries.");
        }
        const seconds = retryAfter(response.headers.get("Retry-After"));
        watchLog(statusText(response.status) + (errorLine(json) ? " (" + errorLine(json) + ")" : "") +
          ", retrying in " + seconds + " s (" + retries + "/" + WATCH.maxRetries + ")");
        await pause(seconds, signal);
        continue;
      }
      if (response.status !== 200 || !json || typeof json.status !== "string") {
        return finish("error", "status bad", statusText(response.status) + ": " + (errorLine(json) || text || "no operation document"));
      }
      retries = 0;
      const status = json.status.toLowerCase();
      if (status !== last) {
        watchLog(status);
        last = status;
      }
      if (status === "succeeded") {
        showResult(json.processingResult);
        return finish("succeeded", "status ok");
      }
      if (status === "failed") {
        return finish("failed", "status bad", json.message || "failed (no message)");
      }
      watchState(status, "status pending");
      await pause(retryAfter(response.headers.get("Retry-After")), signal);
    }
    if (signal.aborted) finish("stopped", "status pending", "Stopped; the operation itself goes on.");

    function finish(state, className, message) {
      watchState(state, className);
      if (message) setError($("watch-error"), message);
    }
  }

  // --- Settings and start ------------------------------------------------------------------

  function saveSettings() {
    try {
      sessionStorage.setItem(ENDPOINT_STORE, $("endpoint").value.trim());
      const key = $("key").value;
      if (key) sessionStorage.setItem(KEY_STORE, key); else sessionStorage.removeItem(KEY_STORE);
    } catch (error) { /* storage may be off; the page works without it */ }
  }

  function loadSettings() {
    let endpointValue = null;
    let key = null;
    try {
      endpointValue = sessionStorage.getItem(ENDPOINT_STORE);
      key = sessionStorage.getItem(KEY_STORE);
    } catch (error) { /* storage may be off */ }
    $("endpoint").value = endpointValue || location.origin + "/spid/v1.0";
    $("key").value = key || "";
  }

  async function start() {
    loadSettings();
    $("endpoint").addEventListener("change", saveSettings);
    $("key").addEventListener("change", saveSettings);
    $("forget-key").addEventListener("click", () => { $("key").value = ""; saveSettings(); });
    $("operation-form").addEventListener("submit", submit);
    $("audio-file").addEventListener("change", () => checkWave($("audio-file").files[0]));
    $("watch-stop").addEventListener("click", stopWatch);
    $("show-code").addEventListener("click", showCode);
    $("code-copy").addEventListener("click", copyCode);
    $("code-language").addEventListener("change", () => {
      try { sessionStorage.setItem(LANGUAGE_STORE, $("code-language").value); } catch (error) { /* storage may be off */ }
      renderCode();
    });
    try {
      const response = await fetch("/openapi.json", { cache: "no-store" });
      if (!response.ok) throw new Error("status " + response.status);
      spec.document = await response.json();
      spec.operations = operationsOf(spec.document);
    } catch (error) {
      return setError($("load-error"), "Could not load the API description /openapi.json: " + (error.message || error));
    }
    renderNavigation();
    document.body.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", start);
})();
