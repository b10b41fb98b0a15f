from notifications_python_client import NotificationsAPIClient

client = NotificationsAPIClient("gcntfy-alerts_hvwz-acf51f50-53fd-4804-80f4-f4d6a1c6c9bf-967df108-7551-42a4-8a98-c78183c69915", base_url="https://api.notification.canada.ca")
