"""What every feature uses: i18n (`t()`), the text catalog, splitting, filters, render helpers, callback
field validators, the menu, the calendar picker, the error handler and the notification renderer registry."""
