"""What every service's back-office pages share: the lead's sign-in and session, CSRF, the layout, the words."""
