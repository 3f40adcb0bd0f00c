/** Files with more rows than this get a progress line while they are written. */
export const PROGRESS_FROM_ROWS = 300;

/**
 * A progress line on stderr: rewritten in place on a terminal, else a line every 10%, so logs of
 * CI runs stay short. Nothing for files of PROGRESS_FROM_ROWS rows or fewer.
 */
export function progressLine(stream: NodeJS.WriteStream, now: () => number = () => performance.now()) {
  const started = now();
  let lastDecile = -1;
  let shown = false;
  return {
    update: (done: number, total: number) => {
      if (total <= PROGRESS_FROM_ROWS) return;
      const percent = Math.floor((done / total) * 100);
      const seconds = (now() - started) / 1000;
      const line = `writing ${done}/${total} rows (${percent}%), ${seconds > 0 ? Math.round(done / seconds) : 0} rows/s`;
      if (stream.isTTY) {
        if (done === total || done % 25 === 0) stream.write(`\r${line}`);
        shown = true;
      } else if (Math.floor(percent / 10) !== lastDecile) {
        lastDecile = Math.floor(percent / 10);
        stream.write(`${line}\n`);
      }
    },
    end: () => {
      if (shown && stream.isTTY) stream.write('\n');
    },
  };
}
