// GET /ping prober in its own process: node ping-probe.mjs <port> <seconds> [rate]. Prints one JSON
// line (runPaced's result). Kept out of the bench process so that process's GC pauses and timers
// (it holds thousands of signed requests) do not show up as /ping latency.
import { runPaced } from "./paced.mjs";

const [port, seconds, rate = 200] = process.argv.slice(2).map(Number);
const raw = `GET /ping HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`;
console.log(JSON.stringify(await runPaced({ port, raws: [raw], rate, durationS: seconds, connections: 2 })));
