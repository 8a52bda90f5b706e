"""The window's controllers: one QObject per concern, each owning its use cases.

A controller receives the typed Library (or the panes it drives) and turns a
pane's request into a Library call run through ``run_op``, whose ``Changes``
go out on the hub. ``MainWindow`` lays out the panes and wires signals to
these; it holds no use case of its own.
"""
