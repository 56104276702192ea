import { describe, expect, it } from "vitest";
import { FleetShare } from "../src/xks/fleet-share.js";
import { Throttle } from "../src/xks/throttle.js";

describe("a key store's rate limit is the fleet's: each node enforces its share", () => {
  it("splits rate and burst by the live nodes, and a thread sees the size the main thread sets", () => {
    const main = new FleetShare();
    const thread = new FleetShare(main.memory); // what a data-plane thread builds from ThreadInit
    expect(thread.size).toBe(1);
    expect(thread.part({ rps: 1800, burst: 3600 })).toEqual({ rps: 1800, burst: 3600 });
    main.set(3);
    expect(thread.size).toBe(3);
    expect(thread.part({ rps: 1800, burst: 3600 })).toEqual({ rps: 600, burst: 1200 });
    expect(thread.part({ rps: 10, burst: 1 })).toEqual({ rps: 10 / 3, burst: 1 }); // one request at once stays possible
    expect(thread.part({ rps: 0, burst: 5 })).toEqual({ rps: 0, burst: 5 }); // unlimited stays unlimited
    main.set(0);
    expect(thread.size).toBe(1); // this node is always live
  });

  it("a throttle hands out only this node's share of the burst, and all of it again when the fleet shrinks", () => {
    let now = 1_000_000;
    const fleet = new FleetShare();
    const throttle = new Throttle(undefined, () => now, fleet);
    const setting = { rps: 100, burst: 40 };
    const takeAll = () => {
      let n = 0;
      while (throttle.take(0, setting)) n++;
      return n;
    };
    fleet.set(4);
    expect(takeAll()).toBe(10); // 40 / 4
    now += 1000; // one second at 25 rps refills 25, capped at the burst share of 10
    expect(takeAll()).toBe(10);
    fleet.set(1); // the other nodes died: the bucket restarts with the whole limit
    expect(takeAll()).toBe(40);
  });
});
