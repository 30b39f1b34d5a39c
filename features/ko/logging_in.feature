# language: ko

기능: 로그인과 로그아웃
  관리자로서
  사용자 이름과 비밀번호로 로그인하고, 다시 로그아웃하고 싶다
  그래야 나만 글을 올릴 수 있다
  관리자 계정은 하나뿐이다. 로그인에 실패하면 무엇이 틀렸든 같은 안내 하나만 보여 주므로,
  블로그는 어떤 사용자 이름이 있는지 누구에게도 알려 주지 않는다.

  배경:
    조건 관리자 계정의 사용자 이름은 "editor"이고 비밀번호는 "correct horse"이다

  @translates:the-admin-s-username-and-password-log-in
  시나리오: 관리자의 사용자 이름과 비밀번호로 로그인한다
    만일 누군가 사용자 이름이 "editor"이고 비밀번호가 "correct horse"인 계정으로 로그인하면
    그러면 "You were logged in"이라는 안내를 받는다
    그리고 로그인된 상태이다

  @translates:a-failed-login-does-not-say-what-was-wrong-situation
  시나리오 개요: 로그인에 실패해도 무엇이 틀렸는지 말하지 않는다 (<경우>)
    만일 누군가 사용자 이름이 "<사용자 이름>"이고 비밀번호가 "<비밀번호>"인 계정으로 로그인하면
    그러면 "Invalid username or password"라는 안내를 받는다
    그리고 로그인되지 않은 상태이다

    예:
      | 경우             | 사용자 이름 | 비밀번호      |
      | 사용자 이름 오류 | edtior      | correct horse |
      | 비밀번호 오류    | editor      | horse correct |

  @translates:the-admin-logs-out
  시나리오: 관리자가 로그아웃한다
    조건 관리자가 로그인해 있다
    만일 관리자가 로그아웃하면
    그러면 "You were logged out"이라는 안내를 받는다
    그리고 로그인되지 않은 상태이다
