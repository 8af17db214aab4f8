// The request URI as the API can parse it. curl and other clients send `?q=肉` as raw UTF-8
// bytes; Node's HTTP parser refuses any byte outside ASCII in the request line, so nginx
// percent-encodes those bytes (and nothing else: an already-encoded URI passes unchanged).
function encoded(r) {
  const raw = r.rawVariables.request_uri;
  let uri = '';
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    uri +=
      byte > 0x7e || byte < 0x21
        ? '%' + (byte < 0x10 ? '0' : '') + byte.toString(16).toUpperCase()
        : String.fromCharCode(byte);
  }
  return uri;
}

export default { encoded };
