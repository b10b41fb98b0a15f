curl -s https://api.internal/v1/orders \
  -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIyMTMzMjUxIiwibmFtZSI6InN2Yy16ZnZibWsiLCJpYXQiOjE3MDg2NzAxOTYsInNjb3BlIjoiYWRtaW4ifQ.vvJNzo-GmH_HNPELQQH3KR0vp4e6QwPNCqOI7yHRTar'
