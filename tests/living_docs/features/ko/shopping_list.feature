# language: ko
기능: 장보기 목록
  쇼핑하는 사람으로서
  살 것의 목록을 갖고 싶다
  그래서 빠짐없이 사 온다

  @translates:an-item-is-added
  시나리오: 물건을 더한다
    만일 "빵"을 더한다
    그러면 목록에 1개가 있다
