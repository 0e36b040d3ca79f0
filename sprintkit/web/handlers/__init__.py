"""The phone page's request handlers, one module per feature.

``base`` holds what every handler shares (the page's state, form checks,
rendering); ``pages`` the participant's page and the state poll, ``join``
joining and leaving, ``capture`` notes, ``vote`` dots. ``sprintkit.web.app``
combines them into one ``PhonePage`` and routes requests to it.
"""
