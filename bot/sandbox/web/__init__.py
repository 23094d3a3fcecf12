"""The sandbox web chat: plain HTML, CSS and JavaScript (a package only so that installs ship the files)."""
