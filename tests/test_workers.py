"""The processes of a run (`workers.py`): as many workers as the run can use, each with its
kernel, and the kernelspec in a folder of the run that the next run removes if it was killed."""
import os

from chiffres_cles import workers


def test_the_workers_remove_the_kernelspec_a_killed_run_left(tmp_path, monkeypatch):
    """A run killed outright cannot remove its kernelspec folder: the next run does, and
    leaves a running one alone."""
    monkeypatch.setattr(workers.tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / f"{workers.KERNEL_DIR_PREFIX}999999999-abc"
    alive = tmp_path / f"{workers.KERNEL_DIR_PREFIX}{os.getppid()}-abc"
    for d in (dead, alive):
        d.mkdir()
    with workers.Workers(1) as started:
        started.pool  # started: its own kernelspec written
        own = list(tmp_path.glob(f"{workers.KERNEL_DIR_PREFIX}{os.getpid()}-*"))
        assert len(own) == 1 and (own[0] / "share" / "jupyter" / "kernels" / workers.KERNEL_NAME).is_dir()
    assert not dead.exists() and alive.exists() and not own[0].exists()


def test_the_workers_are_no_more_than_the_tasks_nor_the_jobs(tmp_path, monkeypatch):
    monkeypatch.setattr(workers.tempfile, "tempdir", str(tmp_path))
    for jobs, tasks, size in ((2, 1, 1), (2, 5, 2), (3, None, 3), (1, 4, 1)):
        with workers.Workers(jobs) as w:
            w._start(tasks)
            assert w.size == size and w._pool._max_workers == size


def _kernel_pid():
    from chiffres_cles import kernels

    return kernels._kernel.provisioner.process.pid if kernels._kernel is not None else None


def test_released_kernels_are_shut_down_before_the_workers_end(tmp_path, monkeypatch):
    """Once the last notebook ran, the kernels go while the run checks the tables."""
    import psutil

    monkeypatch.setattr(workers.tempfile, "tempdir", str(tmp_path))
    with workers.Workers(1) as w:
        w.warm(builder=False, tasks=1)
        pid = w.pool.submit(_kernel_pid).result(timeout=120)
        assert pid is not None and psutil.pid_exists(pid)
        w.release_kernels()
        assert w.pool.submit(_kernel_pid).result(timeout=60) is None  # (one worker: after the release)
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
