/** The open-file guard's decisions, with the descriptor count and limit fed in. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { FdGuard, openFds, softNofile } from "../src/xks/fd-guard.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("FdGuard", () => {
  it("pauses within the reserve of the soft limit, resumes only with room to spare, counts episodes", () => {
    vi.useFakeTimers();
    let open = 100;
    const changes: [boolean, number][] = [];
    const g = new FdGuard({ reserve: 64, countOpen: () => open, softLimit: () => 256, onChange: (p, n) => changes.push([p, n]) });
    expect(g.start()).toBe(true);
    expect(g.paused).toBe(false);
    open = 192; // 256 - 64
    vi.advanceTimersByTime(1000);
    expect(g.paused).toBe(true);
    open = 170; // below the threshold but within half a reserve of it: stays paused (no flapping)
    vi.advanceTimersByTime(100);
    expect(g.paused).toBe(true);
    open = 150;
    vi.advanceTimersByTime(100);
    expect(g.paused).toBe(false);
    open = 250;
    vi.advanceTimersByTime(1000);
    expect(changes).toEqual([
      [true, 192],
      [false, 150],
      [true, 250],
    ]);
    expect(g.episodes).toBe(2);
    g.stop();
  });

  it("a count that fails for want of a descriptor means the limit is reached", () => {
    vi.useFakeTimers();
    let fail = false;
    const g = new FdGuard({
      reserve: 64,
      countOpen: () => {
        if (fail) throw Object.assign(new Error("EMFILE"), { code: "EMFILE" });
        return 10;
      },
      softLimit: () => 256,
      onChange: () => undefined,
    });
    g.start();
    fail = true;
    vi.advanceTimersByTime(1000);
    expect(g.paused).toBe(true);
    g.stop();
  });

  it("reads this process's real descriptor count and soft limit", () => {
    expect(openFds()).toBeGreaterThan(2);
    expect(softNofile()).toBeGreaterThan(openFds());
  });
});
