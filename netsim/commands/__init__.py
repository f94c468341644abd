"""The command layer: the lines students type (``ip``, ``bridge``, ``sysctl``, ``ping``,
``iptables``, ``nc``) run on a backend with the real tools' output.

A state-changing line becomes a typed command (:mod:`.model`, parsed by :mod:`.parser` and
:mod:`.parse_route`) that the backend executes with ``apply``; show commands print the backend's
snapshot with :mod:`.show`.  Entry points: :class:`netsim.commands.shell.Shell` (one line) and
:func:`netsim.commands.runner.run_script` (a scenario file, as ``python -m netsim run``)."""
