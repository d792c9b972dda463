"""benchmarks/memory.py, the benchmark's memory by process: run against a real process tree."""

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from memory import MemoryWatch, describe

# A parent that holds 60 MiB, then starts `python -m json.tool` holding 120 MiB, waits for it, then
# runs a shell as ctypes.util.find_library does.
CHILD = "import sys, time; block = bytearray(120 << 20); block[::4096] = b'x' * len(block[::4096]); time.sleep(1.5)"
PARENT = (
    "import subprocess, sys, time; block = bytearray(60 << 20); block[::4096] = b'x' * len(block[::4096]); "
    f"subprocess.run([sys.executable, '-c', {CHILD!r}, '-m', 'json.tool'], check=True); "
    # A program that is not Python with `-m` among its words (ld, as ctypes.util.find_library runs
    # it, passes `-m elf_x86_64`): not a module
    # (a loop of the shell's own builtins, so that it runs a while without a child)
    "subprocess.run(['sh', '-c', 'i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done', 'sh', '-m', 'elf_x86_64'], "
    "check=True)"
)


def test_memory_watch_tells_each_process_peak_and_the_tree_at_once():
    with (
        subprocess.Popen([sys.executable, "-c", PARENT]) as process,
        MemoryWatch(process.pid) as watch,
    ):
        process.wait()
    assert process.returncode == 0
    peaks = watch.peaks()
    assert set(peaks) == {"jindu", "json.tool", "other"}, peaks  # the root is jindu; `-m MODULE` names a child
    parent, child = peaks["jindu"][0], peaks["json.tool"][0]
    assert 60 < parent < 120 and 120 < child < 180, peaks
    assert list(peaks) == ["json.tool", "jindu", "other"]  # largest first
    assert child + 60 < watch.at_once < parent + child + 1, watch.at_once  # both held at one moment
    line = describe(watch)
    assert line.startswith(f"peak RSS by process, MiB: json.tool {child:,.0f}, jindu {parent:,.0f}, other ")
    assert "; all at once " in line
