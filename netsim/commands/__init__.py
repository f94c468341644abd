"""The command layer: the lines students type (``ip``, ``bridge``, ``sysctl``, ``ping``,
``iptables``, ``nc``) run on the simulated kernel with the real tools' output.

Entry points: :class:`netsim.commands.shell.Shell` (one line) and
:func:`netsim.commands.runner.run_script` (a scenario file, as ``python -m netsim run``)."""
