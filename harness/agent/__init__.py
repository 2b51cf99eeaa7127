"""The Frida agent from the controller's side: building it, loading it, reading its stream."""
