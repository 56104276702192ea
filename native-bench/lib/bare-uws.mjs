// Transport ceiling: a bare uWebSockets.js app (same package and build as the daemon) that reads
// every POST body to the end and answers a fixed JSON body. Usage: node bare-uws.mjs <port>
import uWS from "uWebSockets.js";

const port = Number(process.argv[2]);
const BODY = JSON.stringify({ authenticationTag: "AAAAAAAAAAAAAAAAAAAAAA==", ciphertext: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", ciphertextMetadata: "AQAAAAE=", initializationVector: "AAAAAAAAAAAAAAAA" });

uWS.App()
  .post("/*", (res) => {
    let aborted = false;
    const chunks = [];
    res.onAborted(() => { aborted = true; });
    res.onData((ab, last) => {
      chunks.push(Buffer.from(ab.slice(0)));
      if (!last || aborted) return;
      Buffer.concat(chunks);
      res.cork(() => res.writeStatus("200 OK").writeHeader("content-type", "application/json").end(BODY));
    });
  })
  .get("/ping", (res) => res.end("ok"))
  .listen("127.0.0.1", port, (sock) => {
    if (!sock) { console.error(`bare-uws: cannot listen on ${port}`); process.exit(1); }
  });
process.on("SIGTERM", () => process.exit(0));
